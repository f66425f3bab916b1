"""Reports and 季报 listed with their organs in tree order (`Organ.tree_key`), not by `path`."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_annual_report_withdrawn'),
        ('orgs', '0003_organ_tree_key'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='annualreport',
            options={'ordering': ['-year', 'organ__tree_key', 'scope'], 'verbose_name': '政府信息公开工作年度报告', 'verbose_name_plural': '政府信息公开工作年度报告'},
        ),
        migrations.AlterModelOptions(
            name='quarterlystatistics',
            options={'ordering': ['-year', '-quarter', 'organ__tree_key'], 'verbose_name': '季度统计', 'verbose_name_plural': '季度统计'},
        ),
    ]
