"""接口令牌 (/office/api-tokens/): a person creates and revokes the tokens that let programs act
with their roles through the open API; a system administrator sees and revokes everyone's.
The secret is shown once, on the page that answers the creation, and never again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.api import selectors, services
from gongkai.api.forms import TokenForm


@never_cache  # the page that shows a new secret is never stored by a browser or proxy
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = ""
    if request.method == "POST" and form.is_valid():
        created = services.token_create(
            actor=request.user,
            user=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        new_secret = created.secret
        form = TokenForm()
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "new_secret": new_secret,
        "tokens": list(selectors.tokens_of(request.user)[:200]),
        "show_owner": request.user.is_superuser,
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("没有这个接口令牌。")
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, f"已吊销接口令牌“{token.name}”，使用它的程序将无法再访问。")
    return redirect("api_tokens:list")
