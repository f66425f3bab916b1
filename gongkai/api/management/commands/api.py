"""`gongkai api token create USER | revoke ID | list [USER]`: the open API's tokens from the
command line (audited as the system, like any command)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.api.models import ApiToken
from gongkai.api.services import token_create, token_revoke


class Command(BaseCommand):
    help = (
        "开放接口的接口令牌：新建（token create 用户名）、吊销（token revoke 编号）、"
        "列出（token list）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="{token}")
        token = sub.add_parser("token", help="接口令牌")
        actions = token.add_subparsers(dest="action", required=True, metavar="{create,revoke,list}")
        create = actions.add_parser("create", help="为账号新建令牌（令牌只显示这一次）")
        create.add_argument("username", help="令牌所属账号的用户名")
        create.add_argument("--name", default="命令行创建", help="令牌名称（用途）")
        create.add_argument("--days", type=int, default=365, help="有效天数（默认365）")
        create.add_argument("--no-expiry", action="store_true", help="长期有效（不建议）")
        revoke = actions.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("token_id", type=int, help="令牌编号（token list 可查）")
        listing = actions.add_parser("list", help="列出令牌")
        listing.add_argument("username", nargs="?", help="只列出该账号的令牌")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"没有用户名为“{options['username']}”的账号。")
            days = None if options["no_expiry"] else options["days"]
            try:
                created = token_create(actor=None, user=user, name=options["name"], days=days)
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from None
            who, pk = user.get_username(), created.token.pk
            self.stdout.write(f"已为 {who} 新建接口令牌（编号 {pk}）：")
            self.stdout.write(created.secret)
            self.stdout.write("令牌只显示这一次，系统只保存其摘要。")
            return
        if action == "revoke":
            token = ApiToken.objects.filter(pk=options["token_id"]).first()
            if token is None:
                raise CommandError(f"没有编号为 {options['token_id']} 的接口令牌。")
            token_revoke(actor=None, token=token)
            self.stdout.write(f"已吊销接口令牌 {token.pk}（{token.name}）。")
            return
        qs = ApiToken.objects.select_related("user").order_by("pk")
        if options.get("username"):
            qs = qs.filter(user__username=options["username"])
        for t in qs:
            expires = t.expires_at.date().isoformat() if t.expires_at else "长期"
            self.stdout.write(
                f"{t.pk}\t{t.prefix}…\t{t.user.get_username()}\t{t.name}\t{expires}\t{t.state_label}"
            )
        if not qs.exists():
            self.stdout.write("没有接口令牌。")
