# Issue 13: 待审核, 已退回, 修订 (revisions and their history), 恢复发布, 有效性 proposals.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0003_scanfinding_must_change_id_suspect'),
        ('orgs', '0003_organ_tree_key'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ItemVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='版本')),
                ('title', models.CharField(max_length=300, verbose_name='标题')),
                ('doc_number', models.CharField(blank=True, max_length=80, verbose_name='文号')),
                ('summary', models.TextField(blank=True, verbose_name='内容概述')),
                ('body', models.TextField(blank=True, verbose_name='正文')),
                ('details', models.JSONField(blank=True, default=dict, verbose_name='其他字段')),
                ('attachments', models.JSONField(blank=True, default=list, verbose_name='附件')),
                ('revision_note', models.CharField(blank=True, max_length=300, verbose_name='修订说明')),
                ('public_from', models.DateTimeField(blank=True, null=True, verbose_name='公开起始')),
                ('replaced_at', models.DateTimeField(verbose_name='被替换时间')),
            ],
            options={
                'verbose_name': '信息历史版本',
                'verbose_name_plural': '信息历史版本',
                'ordering': ['item', '-number'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='item',
            name='item_status_valid',
        ),
        migrations.AddField(
            model_name='item',
            name='returned_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='退回时间'),
        ),
        migrations.AddField(
            model_name='item',
            name='returned_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='退回人'),
        ),
        migrations.AddField(
            model_name='item',
            name='returned_comment',
            field=models.TextField(blank=True, verbose_name='退回意见'),
        ),
        migrations.AddField(
            model_name='item',
            name='returned_from',
            field=models.CharField(blank=True, choices=[('draft', '草稿'), ('pending_review', '待审核'), ('secrecy_review', '待保密审查'), ('awaiting_approval', '待签发'), ('scheduled', '待定时发布'), ('published', '已发布'), ('filed', '已签发（不公开发布）'), ('withdrawn', '已撤回'), ('restore_review', '待签发（恢复发布）'), ('revision_applied', '修订已签发'), ('revision_abandoned', '修订已放弃')], max_length=20, verbose_name='退回环节'),
        ),
        migrations.AddField(
            model_name='item',
            name='revised_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='更新日期'),
        ),
        migrations.AddField(
            model_name='item',
            name='revision_note',
            field=models.CharField(blank=True, help_text='修订稿必填，在公开页面显示，例如：更正第三条中的申领截止日期。', max_length=300, verbose_name='修订说明'),
        ),
        migrations.AddField(
            model_name='item',
            name='revision_of',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='revisions', to='catalog.item', verbose_name='修订的信息'),
        ),
        migrations.AddField(
            model_name='item',
            name='validity_proposed',
            field=models.CharField(blank=True, choices=[('valid', '有效'), ('amended', '已修改'), ('repealed', '已废止'), ('expired', '已失效')], max_length=16, verbose_name='拟变更有效性'),
        ),
        migrations.AddField(
            model_name='item',
            name='validity_proposed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='提请时间'),
        ),
        migrations.AddField(
            model_name='item',
            name='validity_proposed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='提请人'),
        ),
        migrations.AddField(
            model_name='item',
            name='validity_proposed_note',
            field=models.CharField(blank=True, max_length=200, verbose_name='拟变更说明'),
        ),
        migrations.AddField(
            model_name='item',
            name='validity_proposed_on',
            field=models.DateField(blank=True, null=True, verbose_name='拟变更日期'),
        ),
        migrations.AlterField(
            model_name='item',
            name='status',
            field=models.CharField(choices=[('draft', '草稿'), ('pending_review', '待审核'), ('secrecy_review', '待保密审查'), ('awaiting_approval', '待签发'), ('scheduled', '待定时发布'), ('published', '已发布'), ('filed', '已签发（不公开发布）'), ('withdrawn', '已撤回'), ('restore_review', '待签发（恢复发布）'), ('revision_applied', '修订已签发'), ('revision_abandoned', '修订已放弃')], db_index=True, default='draft', max_length=20, verbose_name='状态'),
        ),
        migrations.AddConstraint(
            model_name='item',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'pending_review', 'secrecy_review', 'awaiting_approval', 'scheduled', 'published', 'filed', 'withdrawn', 'restore_review', 'revision_applied', 'revision_abandoned'])), name='item_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='item',
            constraint=models.UniqueConstraint(condition=models.Q(('revision_of__isnull', False), ('status__in', ['draft', 'pending_review', 'secrecy_review', 'awaiting_approval'])), fields=('revision_of',), name='one_open_revision_per_item'),
        ),
        migrations.AddField(
            model_name='itemversion',
            name='item',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='catalog.item'),
        ),
        migrations.AddField(
            model_name='itemversion',
            name='replaced_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='catalog.item', verbose_name='替换它的修订稿'),
        ),
        migrations.AddConstraint(
            model_name='itemversion',
            constraint=models.UniqueConstraint(fields=('item', 'number'), name='unique_item_version'),
        ),
    ]
