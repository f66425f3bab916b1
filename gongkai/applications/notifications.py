"""E-mail notices (console backend by default). Called from `transaction.on_commit`."""

from __future__ import annotations

from django.core.mail import send_mail

from gongkai.applications.models import Application


def notify_registered(app_id: int) -> None:
    """Tell an online applicant the 查询码 they need to follow the case."""
    app = Application.objects.select_related("organ").get(pk=app_id)
    if not app.email:
        return
    send_mail(
        subject=f"【{app.organ.name}】政府信息公开申请已提交（编号 {app.reference}）",
        message=(
            f"{app.name}：\n\n您向{app.organ.name}提交的政府信息公开申请已收到登记。\n"
            f"申请编号：{app.reference}\n查询码：{app.query_code}\n\n"
            "请妥善保存查询码，凭查询码和手机号码后四位可查询办理状态、在线补正或撤回申请。\n"
        ),
        from_email=None,
        recipient_list=[app.email],
        fail_silently=True,
    )


def notify_overdue(app_id: int) -> None:
    """Warn the organ's GIO working body (its public mailbox) that a case is past its due date.
    The people (承办人 or handlers, and the 公开办) are told by the inbox, which e-mails them
    (`services/reminders.overdue_notify`)."""
    app = Application.objects.select_related("organ").get(pk=app_id)
    recipients = [app.organ.gio_email] if app.organ.gio_email else []
    if not recipients:
        return
    send_mail(
        subject=f"【超期提醒】政府信息公开申请 {app.reference} 已超过答复期限",
        message=(
            f"申请编号 {app.reference}（{app.organ.name}）的答复期限为"
            f"{app.due_date:%Y年%m月%d日}，目前仍未答复，请尽快办理。\n"
        ),
        from_email=None,
        recipient_list=recipients,
        fail_silently=True,
    )
