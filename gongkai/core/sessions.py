"""Session security (issue 16 §2): an idle session ends; the request is known to the audit.

`SessionSecurityMiddleware` (after Django's authentication middleware) ends a session unused for
`SESSION_IDLE_MINUTES`: a signed-in official is signed out (audited, then sent to the sign-in
page with a Chinese message) and an applicant's or letter writer's session is emptied. The whole
life of any session is bounded by SESSION_COOKIE_AGE besides (config/settings/base.py).

An official's last use is stored in the session at most once a minute, so reading pages does not
write the session row on every request; a citizen's session records the time of the last request
that wrote it (an application, a letter), so a citizen reading the portal keeps cached pages.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from gongkai.core.conf import gongkai_settings
from gongkai.core.login_audit import LAST_SEEN, AccountsAudit, current_request, write

#: Seconds between two writes of the last use (the idle limit is in minutes).
WRITE_EVERY = 60
IDLE_MESSAGE = "您已超过{minutes}分钟未操作，为保护账号安全已自动退出，请重新登录。"


class SessionSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            self._expire_idle(request)
            response = self.get_response(request)
            self._note_citizen_write(request)
            return response
        finally:
            current_request.reset(token)

    def _expire_idle(self, request: HttpRequest) -> None:
        session = getattr(request, "session", None)
        if session is None:
            return
        now = int(time.time())
        minutes = gongkai_settings().SESSION_IDLE_MINUTES
        last = session.get(LAST_SEEN)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if isinstance(last, int) and now - last > minutes * 60:
            if signed_in:
                write(AccountsAudit.SESSION_EXPIRED, subject=user, actor=user, request=request)
                logout(request)  # flushes the session; audited as a sign-out too
                messages.info(request, IDLE_MESSAGE.format(minutes=minutes), fail_silently=True)
            else:
                session.flush()
            return
        due = not isinstance(last, int) or now - last >= WRITE_EVERY
        # Officials: the last use, at most once a minute. Citizens (an applicant, a letter
        # writer): only when a view writes their session (`_note_citizen_write`), so reading
        # pages never changes a citizen's session and the portal's page cache keeps serving them
        # (portal/pagecache.py stores no response that sets a cookie).
        if due and signed_in:
            session[LAST_SEEN] = now

    @staticmethod
    def _note_citizen_write(request: HttpRequest) -> None:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or (user is not None and user.is_authenticated):
            return
        # Anonymous readers without session data get no session (and no cookie) from this.
        if session.modified and any(key != LAST_SEEN for key in session.keys()):  # noqa: SIM118
            session[LAST_SEEN] = int(time.time())
