"""Back office of the work plans: the plans and my tasks, importing a 工作要点 (parse → confirm →
save), a plan with its points and tasks, the matrix, a task with its actions, the overdue list
and evidence files. Login required in every view.

A refused action re-renders the page with the typed values and the Chinese message:
`PermissionDenied` (403), `InvalidTransition` (409), `ValidationError` (400).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import organs_with_role
from gongkai.workplans import selectors
from gongkai.workplans.actions import TASK_ACTIONS, TaskAction
from gongkai.workplans.forms import ImportForm, TaskForm
from gongkai.workplans.models import Evidence, Plan, Point, SelfCheck, Status, Task
from gongkai.workplans.selfcheck import render_docx, selfcheck_draft, selfcheck_title
from gongkai.workplans.services import plans as plan_svc
from gongkai.workplans.services import tasks as task_svc
from gongkai.workplans.services.selfcheck import selfcheck_save
from gongkai.workplans.views.acting import fixed_roles, run_action

PAGE_SIZE = 100
NOT_OFFICE = "您不是任何机关的公开办管理员。"


def _offices(request: HttpRequest) -> list[Organ]:
    organs = organs_with_role(request.user, Role.ORGAN_ADMIN)
    if not organs:
        raise PermissionDenied(NOT_OFFICE)
    return organs


@never_cache
@login_required
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "plans": list(selectors.plans_for(request.user)[:PAGE_SIZE]),
        "tasks": list(selectors.my_tasks(request.user).order_by("deadline")[:PAGE_SIZE]),
        "overdue_count": selectors.overdue_tasks(request.user, today=today).count(),
        "today": today,
    }
    return render(request, "workplans/staff/index.html", context)


def _choices(request: HttpRequest, organ: Organ) -> dict[str, Organ | None]:
    """The person's choices for the phrases the tree did not settle (phrase_<i> → choice_<i>)."""
    chosen: dict[str, Organ | None] = {}
    for key in request.POST:
        phrase = request.POST.get(key, "")
        if not key.startswith("phrase_") or not phrase:
            continue
        value = request.POST.get("choice_" + key.removeprefix("phrase_"), "")
        if value.isdigit():
            chosen[phrase] = Organ.objects.filter(pk=int(value)).first()
    return chosen


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    """录入/导入工作要点: the text is parsed and shown for confirmation before it is saved."""
    offices = _offices(request)
    if request.method == "GET":
        form = ImportForm(organs=offices)
        return render(request, "workplans/staff/import.html", {"form": form})
    form = ImportForm(request.POST, request.FILES, organs=offices)
    step = request.POST.get("step", "preview")

    def refused(message: str, status: int = 400) -> HttpResponse:
        return render(
            request, "workplans/staff/import.html", {"form": form, "alert": message}, status=status
        )

    if not form.is_valid():
        return refused("请修改下列问题后再提交。")
    cd = form.cleaned_data
    organ: Organ = cd["organ"]
    try:
        text = cd["text"]
        upload = cd.get("file")
        if upload is not None:
            text = plan_svc.text_from_upload(upload.name, upload)
        if step == "save":
            plan = plan_svc.plan_import(
                actor=request.user,
                organ=organ,
                year=cd["year"],
                title=cd["title"],
                text=text,
                source=cd["source"],
                doc_number=cd["doc_number"],
                choices=_choices(request, organ),
            )
            messages.success(
                request, f"已保存工作要点“{plan.title}”，共 {plan.points.count()} 条。"
            )
            return redirect("workplans:plan", pk=plan.pk)
        preview = plan_svc.plan_preview(actor=request.user, organ=organ, text=text)
    except PermissionDenied as exc:
        return refused(str(exc), 403)
    except ValidationError as exc:
        return refused("；".join(exc.messages))
    context = {
        "form": form,
        "cd": cd,
        "text": text,
        "preview": preview,
        "points": preview.parsed.walk(),
        "matches": list(preview.matches.values()),
        "targets": list(organ.subtree().order_by("tree_key")),
    }
    return render(request, "workplans/staff/import_preview.html", context)


@never_cache
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_office(request.user, pk)
    context = {
        "plan": plan,
        "points": selectors.plan_points(plan),
        "today": timezone.localdate(),
    }
    return render(request, "workplans/staff/plan.html", context)


@never_cache
@login_required
def plan_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_office(request.user, pk)
    context = {"plan": plan, "matrix": selectors.matrix(plan), "statuses": Status.choices}
    return render(request, "workplans/staff/matrix.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def point_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """分解: a task of this point for an organ of the plan organ's subtree."""
    point: Point = selectors.point_for_office(request.user, pk)
    targets = selectors.assign_targets(point.plan)
    initial = {
        "organ": point.lead_organs.first(),
        "co_organs": list(point.co_organs.all()),
        "title": point.title,
    }
    form = TaskForm(request.POST or None, targets=targets, initial=initial)
    context: dict[str, Any] = {"point": point, "plan": point.plan, "form": form}
    if request.method == "POST":
        status = 400
        if form.is_valid():
            cd = form.cleaned_data
            fields = task_svc.TaskFields(
                title=cd["title"],
                organ=cd["organ"],
                co_organs=list(cd["co_organs"]),
                deadline=cd["deadline"],
                description=cd["description"],
                outputs=cd["outputs"],
                indicator=cd["indicator"],
            )
            try:
                task = task_svc.task_assign(actor=request.user, point=point, fields=fields)
            except PermissionDenied as exc:
                context["alert"], status = str(exc), 403
            except ValidationError as exc:
                context["alert"] = "；".join(exc.messages)
            else:
                messages.success(request, f"已向{task.organ.name}分派任务。")
                return redirect("workplans:plan", pk=point.plan_id)
        else:
            context["alert"] = "请修改下列问题后再提交。"
        return render(request, "workplans/staff/assign.html", context, status=status)
    return render(request, "workplans/staff/assign.html", context)


def render_task(
    request: HttpRequest,
    task: Task,
    roles: set[str],
    *,
    bound: dict[str, Form] | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    task.refresh_from_db()
    offered = TASK_ACTIONS.available(actor=request.user, subject=task, roles_of=fixed_roles(roles))
    actions = {a.name: a for a in offered if isinstance(a, TaskAction)}
    forms = {name: action.form() for name, action in actions.items()}
    forms.update({k: v for k, v in (bound or {}).items() if k in actions})
    for name, form in forms.items():
        form.auto_id = f"{name}-%s"
    today = timezone.localdate()
    context = {
        "task": task,
        "actions": actions,
        "forms": forms,
        "alert": alert,
        "overdue": selectors.is_overdue(task, today),
        "co_organs": list(task.co_organs.all()),
        "progress": list(
            task.progress.prefetch_related("evidence__item").select_related("reported_by")
        ),
        "subtasks": list(task.subtasks.select_related("organ")),
        "timeline": selectors.timeline(task),
        "today": today,
    }
    return render(request, "workplans/staff/task.html", context, status=status)


@never_cache
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task, roles = selectors.task_for_user(request.user, pk)
    return render_task(request, task, roles)


@never_cache
@login_required
@require_POST
def task_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    task, roles = selectors.task_for_user(request.user, pk)
    action_class = TASK_ACTIONS.get(name)
    if action_class is None or not issubclass(action_class, TaskAction):
        raise Http404("没有这个办理操作。")
    action = action_class(actor=request.user, subject=task, roles_of=fixed_roles(roles))

    def refuse(form: Form, message: str, code: int) -> HttpResponse:
        return render_task(request, task, roles, bound={name: form}, alert=message, status=code)

    refused = run_action(request, name=name, action=action, refuse=refuse)
    if refused is not None:
        return refused
    return redirect("workplans:task", pk=task.pk)


@never_cache
@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    tasks = selectors.overdue_tasks(request.user, today=today)
    context = {"tasks": list(tasks[:PAGE_SIZE]), "total": tasks.count(), "today": today}
    return render(request, "workplans/staff/overdue.html", context)


@never_cache
@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("progress"), pk=pk, kind=Evidence.Kind.FILE
    )
    selectors.task_for_user(request.user, evidence.progress.task_id)  # 404 unless visible
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


def _selfcheck_subject(request: HttpRequest, pk: int) -> tuple[Plan, Organ, list[Organ]]:
    """The plan and the organ (`?organ=`, else the first the user may report for); 404 when
    the user drafts for no organ of the plan."""
    plan = get_object_or_404(Plan.objects.select_related("organ"), pk=pk)
    organs = selectors.selfcheck_organs(request.user, plan)
    wanted = request.GET.get("organ", "")
    chosen = next((o for o in organs if str(o.pk) == wanted), organs[0] if organs else None)
    if chosen is None:
        raise Http404("没有可以编写自查报告的机关。")
    return plan, chosen, organs


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def selfcheck(request: HttpRequest, pk: int) -> HttpResponse:
    """自查报告: drafted from the organ's tasks, edited here, exported as DOCX."""
    plan, organ, organs = _selfcheck_subject(request, pk)
    saved = SelfCheck.objects.filter(plan=plan, organ=organ).first()
    title = saved.title if saved else selfcheck_title(plan, organ)
    body = saved.body if saved else selfcheck_draft(plan, organ, today=timezone.localdate())
    context: dict[str, Any] = {"plan": plan, "organ": organ, "organs": organs, "saved": saved}
    status = 200
    if request.method == "POST":
        title, body = request.POST.get("title", ""), request.POST.get("body", "")
        try:
            selfcheck_save(actor=request.user, plan=plan, organ=organ, title=title, body=body)
        except PermissionDenied as exc:
            context["alert"], status = str(exc), 403
        except ValidationError as exc:
            context["alert"], status = "；".join(exc.messages), 400
        else:
            messages.success(request, "自查报告已保存。")
            return redirect(f"{request.path}?organ={organ.pk}")
    context.update({"title": title, "body": body})
    return render(request, "workplans/staff/selfcheck.html", context, status=status)


@never_cache
@login_required
def selfcheck_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan, organ, _organs = _selfcheck_subject(request, pk)
    saved = SelfCheck.objects.filter(plan=plan, organ=organ).first()
    today = timezone.localdate()
    title = saved.title if saved else selfcheck_title(plan, organ)
    body = saved.body if saved else selfcheck_draft(plan, organ, today=today)
    data = render_docx(title=title, body=body, organ=organ.name, day=today)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = quote(f"{organ.name}{plan.year}年自查报告.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
