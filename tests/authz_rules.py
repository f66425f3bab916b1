"""The table of the authorisation matrix (tests/test_authz_matrix.py): who may use each staff
URL. One row per URL name of the URL conf under `office/` and `api/`; a new staff view without a
row fails `test_every_staff_url_has_a_rule`. Kept apart from the test's machinery so that adding
an app adds rows here and nothing else."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("editor", "reviewer", "secrecy", "approver", "organ_admin", "gio_head")
ACTORS = (
    "anonymous",
    "nobody",
    *ROLES,
    *(f"{r}@other" for r in ROLES),
    "organ_admin@above",
)
#: Every signed-in user (their own inbox, dashboard, the lists that show what they may see).
ANY = frozenset({"*"})
#: Everyone, anonymous visitors too (public read endpoints of the open API, if mounted here).
PUBLIC = frozenset({"public"})
STAFF_PREFIXES = ("office/", "api/")
#: The open API authenticates by token, not by session: its public and staff endpoints have
#: their own matrix by token and role (gongkai/api/tests/test_staff.py) and schemathesis.
TOKEN_API = "api/v1/"
#: Not staff pages: the sign-in and sign-out pages themselves.
PUBLIC_STAFF = {"office:login", "office:logout"}

HANDLERS = frozenset({"editor", "reviewer", "approver", "organ_admin", "gio_head"})
ORGAN_STAFF = frozenset(ROLES)
ADMIN = frozenset({"organ_admin"})
MAILBOX = frozenset({"editor", "approver", "organ_admin"})
PARTICIPATION = frozenset({"editor", "organ_admin"})
#: Who keeps an organ's 清单 and 办事指南 (inventories.transitions.KEEPERS).
KEEPERS = frozenset({"editor", "organ_admin"})
#: Who reads an assessment (assessment.selectors.READERS); only the 公开办 computes and edits.
ASSESSORS = frozenset({"organ_admin", "gio_head"})
#: Who publishes an organ's data (periodic.transitions.PUBLISHERS: the posts that publish an item).
PUBLISHERS = frozenset({"approver", "organ_admin"})
#: Who edits an organ's 政府公报 (gazette.transitions.EDITORS).
GAZETTE = frozenset({"reviewer", "organ_admin"})
#: The platform's managers: the 公开办管理员 of the primary site's root organ (sites.selectors.
#: can_manage). In the world that is P, so only `organ_admin@above`; not organ-scoped.
PLATFORM = frozenset({"platform"})


@dataclass(frozen=True)
class Rule:
    """Who may use a URL: roles in the object's organ (or `ANY`); `obj` names the object of
    organ A the URL points at (None: a list or form of the user's own organs)."""

    roles: frozenset[str]
    obj: str | None = None
    #: URL kwargs beyond the object's pk ("name" of a case action, "fmt" …).
    extra: tuple[tuple[str, str], ...] = ()


# fmt: off
RULES: dict[str, Rule] = {
    # 接口令牌 (issue 16 §4): every official manages their own tokens (a token acts as its user).
    "api_tokens:list": Rule(ANY),
    "api_tokens:revoke": Rule(ANY, extra=(("pk", "999999"),)),
    # 依申请公开 (applications): handlers; 保密审查 reads nothing of it.
    "office_apps:queue": Rule(ANY),
    "office_apps:export": Rule(ANY),
    "office_apps:register": Rule(HANDLERS),
    "office_apps:frequent": Rule(ANY),
    "office_apps:propose": Rule(frozenset({"editor", "organ_admin"})),
    "office_apps:case": Rule(ORGAN_STAFF, "application"),  # 保密审查 reads, handles nothing
    "office_apps:act[note]": Rule(HANDLERS, "application", (("name", "note"),)),
    "office_apps:act[document]": Rule(HANDLERS, "application", (("name", "document"),)),
    "office_apps:act[extend]": Rule(frozenset({"gio_head"}), "application", (("name", "extend"),)),
    "office_apps:act[sign_answer]": Rule(
        frozenset({"approver"}), "application", (("name", "sign_answer"),)
    ),
    "office_apps:document": Rule(ORGAN_STAFF, "application_document"),
    # The inbox: one's own notices only (the notice is the 采编's of organ A).
    "inbox:list": Rule(ANY),
    "inbox:read_all": Rule(ANY),
    "inbox:open": Rule(frozenset({"editor"}), "notice"),
    "inbox:read": Rule(frozenset({"editor"}), "notice"),
    # Annual reports: the 公开办.
    "reports:index": Rule(ADMIN),
    "reports:deadlines": Rule(ADMIN),
    "reports:quarterly": Rule(ADMIN),
    "reports:imports": Rule(ADMIN),
    "reports:import": Rule(ADMIN),
    "reports:import_detail": Rule(ADMIN, "report_import"),
    "reports:lint_batch": Rule(ADMIN),
    "reports:detail": Rule(ADMIN, "report"),
    "reports:figures": Rule(ADMIN, "report"),
    "reports:sections": Rule(ADMIN, "report"),
    "reports:redraft": Rule(ADMIN, "report"),
    "reports:acknowledge": Rule(ADMIN, "report"),
    "reports:publish": Rule(ADMIN, "report"),
    "reports:reopen": Rule(ADMIN, "report"),
    "reports:submit": Rule(ADMIN, "report"),
    "reports:export": Rule(ADMIN, "report", (("fmt", "html"),)),
    # The dashboard and its lists.
    "office:dashboard": Rule(ANY),
    "office:security": Rule(ANY),  # one's own second factor (issue 16 §2)
    "office:drafts": Rule(ANY),
    "office:pending": Rule(ANY),
    "office:timeliness": Rule(ANY),
    "office:interpretations": Rule(ANY),
    "office:items": Rule(ANY),
    # Catalog items.
    "office:item_create": Rule(frozenset({"editor", "organ_admin"})),
    "office:policy_search": Rule(ANY),
    "office:item": Rule(ORGAN_STAFF, "draft"),
    "office:item_edit": Rule(frozenset({"editor", "organ_admin"}), "draft"),
    "office:attachment_remove": Rule(frozenset({"editor", "organ_admin"}), "attachment"),
    "office:attachment_download": Rule(ORGAN_STAFF, "attachment"),
    "office:item_submit": Rule(frozenset({"editor", "organ_admin"}), "draft"),
    "office:finding_acknowledge": Rule(frozenset({"secrecy"}), "finding"),
    "office:finding_require_change": Rule(frozenset({"secrecy"}), "finding"),
    "office:item_require_changes": Rule(frozenset({"secrecy"}), "in_secrecy"),
    "office:item_pass": Rule(frozenset({"secrecy"}), "in_secrecy"),
    "office:item_return": Rule(frozenset({"secrecy", "approver"}), "in_secrecy"),
    "office:item_publish": Rule(frozenset({"approver"}), "in_secrecy"),
    "office:item_schedule": Rule(frozenset({"approver"}), "in_secrecy"),
    "office:item_withdraw": Rule(frozenset({"approver"}), "published"),
    "office:item_validity": Rule(frozenset({"approver"}), "published"),
    "office:item_approve_review": Rule(frozenset({"reviewer", "organ_admin"}), "draft"),
    "office:item_revise": Rule(frozenset({"editor", "organ_admin"}), "published"),
    "office:item_abandon": Rule(frozenset({"editor", "organ_admin"}), "draft"),
    "office:item_version": Rule(ORGAN_STAFF, "published", (("number", "1"),)),
    "office:item_restore": Rule(frozenset({"approver"}), "published"),
    "office:item_decline_restore": Rule(frozenset({"approver"}), "published"),
    "office:item_propose_validity": Rule(frozenset({"editor", "organ_admin"}), "published"),
    "office:item_approve_validity": Rule(frozenset({"approver"}), "published"),
    "office:item_decline_validity": Rule(frozenset({"approver"}), "published"),
    # 公开办管理员: 公开指南, columns, accounts.
    "office:organs": Rule(ADMIN),
    "office:organ_guide": Rule(ADMIN, "organ"),
    "office:organ_columns": Rule(ADMIN, "organ"),
    "office:column_change": Rule(ADMIN, "column"),
    "office:accounts": Rule(ADMIN),
    "office:account_new": Rule(ADMIN),
    "office:account_detail": Rule(ADMIN, "account"),
    "office:account_edit": Rule(ADMIN, "account"),
    "office:account_grant": Rule(ADMIN, "account"),
    "office:account_revoke": Rule(ADMIN, "account"),
    "office:account_active": Rule(ADMIN, "account"),
    "office:account_password": Rule(ADMIN, "account"),
    # 互动交流 (mailbox, issue 18): 采编 and 公开办 handle, 签发 approves; the others see nothing.
    "office_mailbox:queue": Rule(ANY),
    "office_mailbox:oversight": Rule(MAILBOX),
    "office_mailbox:letter": Rule(MAILBOX, "letter"),
    "office_mailbox:act[accept]": Rule(
        frozenset({"editor", "organ_admin"}), "letter", (("name", "accept"),)
    ),
    "office_mailbox:attachment": Rule(MAILBOX, "letter_attachment"),
    # 公众参与 (participation, issue 18 §3-6): 采编 and 公开办 run consultations, surveys,
    # proposals and 舆情 records; the others see the overview only.
    "office_participation:index": Rule(ANY),
    "office_participation:consultation_new": Rule(PARTICIPATION),
    "office_participation:consultation": Rule(PARTICIPATION, "consultation"),
    "office_participation:act[record]": Rule(
        PARTICIPATION, "consultation", (("name", "record"),)
    ),
    "office_participation:consultation_attachment": Rule(PARTICIPATION, "consultation"),
    "office_participation:survey_new": Rule(PARTICIPATION),
    "office_participation:survey": Rule(PARTICIPATION, "survey"),
    "office_participation:proposals": Rule(ANY),
    "office_participation:proposal_new": Rule(PARTICIPATION),
    "office_participation:proposal": Rule(PARTICIPATION, "proposal"),
    "office_participation:opinions": Rule(ANY),
    "office_participation:opinion_new": Rule(PARTICIPATION),
    "office_participation:opinion": Rule(PARTICIPATION, "opinion"),
    # 工作要点 (workplans, issue 20): the 公开办 imports, assigns and accepts; the lead organ's
    # 采编 and 公开办 report (the task of organ A is assigned by A's own 公开办).
    "workplans:index": Rule(ANY),
    "workplans:overdue": Rule(ANY),
    "workplans:import": Rule(ADMIN),
    "workplans:plan": Rule(ADMIN, "work_plan"),
    "workplans:matrix": Rule(ADMIN, "work_plan"),
    "workplans:selfcheck": Rule(frozenset({"editor", "organ_admin"}), "work_plan"),
    "workplans:selfcheck_docx": Rule(frozenset({"editor", "organ_admin"}), "work_plan"),
    "workplans:assign": Rule(ADMIN, "work_point"),
    "workplans:task": Rule(frozenset({"editor", "organ_admin"}), "work_task"),
    "workplans:act[report]": Rule(
        frozenset({"editor", "organ_admin"}), "work_task", (("name", "report"),)
    ),
    "workplans:act[accept]": Rule(ADMIN, "work_task", (("name", "accept"),)),
    "workplans:evidence": Rule(frozenset({"editor", "organ_admin"}), "work_evidence"),
    # 督查 (issue 20 §2): the organiser's 公开办 runs the round (A's round inspects A's unit) and
    # verifies; the inspected organ's 采编 and 公开办 put its findings right (A inspected by P).
    "workplans:rounds": Rule(ANY),
    "workplans:findings": Rule(ANY),
    "workplans:round_create": Rule(ADMIN),
    "workplans:round": Rule(ADMIN, "work_round"),
    "workplans:round_post[start]": Rule(ADMIN, "work_round", (("name", "start"),)),
    "workplans:round_matrix": Rule(ADMIN, "work_round"),
    "workplans:finding_create": Rule(ADMIN, "work_round"),
    "workplans:round_docx": Rule(ADMIN, "work_round"),
    "workplans:finding": Rule(frozenset({"editor", "organ_admin"}), "work_finding"),
    "workplans:finding_act[submit]": Rule(
        frozenset({"editor", "organ_admin"}), "work_finding", (("name", "submit"),)
    ),
    "workplans:finding_act[verify]": Rule(ADMIN, "work_finding_office", (("name", "verify"),)),
    "workplans:finding_evidence": Rule(
        frozenset({"editor", "organ_admin"}), "work_finding_evidence"
    ),
    # 考核 (assessment, issue 20 §3): the assessing 公开办 (its 公开工作机构负责人 reads and
    # publishes); the assessed organs see nothing of it in the office.
    "assessment:index": Rule(ANY),
    "assessment:scheme": Rule(ASSESSORS, "assessment_scheme"),
    "assessment:step[compute]": Rule(ADMIN, "assessment_scheme", (("name", "compute"),)),
    "assessment:indicator_new": Rule(ASSESSORS, "assessment_scheme"),
    "assessment:indicator": Rule(ASSESSORS, "assessment_scheme", (("code", "A1"),)),
    "assessment:organ": Rule(ASSESSORS, "assessment_scheme"),
    "assessment:export": Rule(ASSESSORS, "assessment_scheme"),
    "assessment:result": Rule(ASSESSORS, "assessment_result"),
    "assessment:enter": Rule(ASSESSORS, "assessment_result"),
    "assessment:adjust": Rule(ASSESSORS, "assessment_result"),
    # 网站监测 (monitor, issue 17): the 公开办管理员 of the site's organ or above.
    "monitor:dashboard": Rule(ADMIN),
    "monitor:site_create": Rule(ADMIN),
    "monitor:site": Rule(ADMIN, "site"),
    "monitor:site_edit": Rule(ADMIN, "site"),
    "monitor:run_now": Rule(ADMIN, "site"),
    "monitor:column_add": Rule(ADMIN, "site"),
    "monitor:column_remove": Rule(ADMIN, "site_column"),
    "monitor:run": Rule(ADMIN, "run"),
    # 规范性文件 register and 双随机 (registers, issue 19 §1, §5): the register's keepers (采编,
    # 公开办) write, 签发 signs, the 公开办 runs 清理; every post of the organ reads.
    "office_registers:index": Rule(ANY),
    "office_registers:series": Rule(ADMIN),
    "office_registers:entry_new": Rule(frozenset({"editor", "organ_admin"})),
    "office_registers:entry": Rule(ORGAN_STAFF, "norm_entry"),
    "office_registers:entry_act[sign]": Rule(
        frozenset({"approver"}), "norm_entry", (("name", "sign"),)
    ),
    "office_registers:campaign_new": Rule(ADMIN),
    "office_registers:campaign": Rule(
        frozenset({"editor", "approver", "organ_admin"}), "norm_campaign"
    ),
    "office_registers:campaign_act[publish]": Rule(
        ADMIN, "norm_campaign", (("name", "publish"),)
    ),
    "office_registers:pool_new": Rule(frozenset({"editor", "organ_admin"})),
    "office_registers:pool": Rule(frozenset({"editor", "organ_admin"}), "inspection_pool"),
    "office_registers:draw_new": Rule(frozenset({"editor", "organ_admin"})),
    "office_registers:draw": Rule(ORGAN_STAFF, "inspection_draw"),
    "office_registers:draw_act[draw]": Rule(
        frozenset({"editor", "organ_admin"}), "inspection_draw", (("name", "draw"),)
    ),
    # 清单 (inventories, issue 19 §3): every post of the organ reads; 采编 and 公开办 edit drafts,
    # guides and record 负面清单 reviews; 签发 and 公开办 publish a version.
    "office_inventories:index": Rule(ANY),
    "office_inventories:flagged": Rule(ANY),
    "office_inventories:reviews": Rule(ANY),
    "office_inventories:organ": Rule(ORGAN_STAFF, "organ"),
    "office_inventories:guide_new": Rule(KEEPERS, "organ"),
    "office_inventories:inventory": Rule(ORGAN_STAFF, "organ", (("kind", "powers"),)),
    "office_inventories:draft_start": Rule(KEEPERS, "organ", (("kind", "services"),)),
    "office_inventories:guide": Rule(ORGAN_STAFF, "service_guide"),
    "office_inventories:version": Rule(ORGAN_STAFF, "inventory_version"),
    "office_inventories:entry_new": Rule(KEEPERS, "inventory_version"),
    "office_inventories:publish": Rule(frozenset({"approver", "organ_admin"}), "inventory_version"),
    "office_inventories:discard": Rule(KEEPERS, "inventory_version"),
    "office_inventories:entry": Rule(KEEPERS, "inventory_entry"),
    "office_inventories:entry_remove": Rule(KEEPERS, "inventory_entry"),
    "office_inventories:review": Rule(KEEPERS, "negative_entry"),
    # 重点领域定期公开 (periodic, issue 19 §4): every post of the organ reads its schedules,
    # calendar and data; 采编 and 公开办 keep them (periodic.transitions.KEEPERS: trigger dates,
    # links, uploads); only the 公开办 creates or stops a schedule; 签发 and 公开办 publish data.
    "office_periodic:index": Rule(ORGAN_STAFF),
    "office_periodic:calendar": Rule(ORGAN_STAFF),
    "office_periodic:from_template": Rule(ADMIN),
    "office_periodic:schedule_new": Rule(ADMIN),
    "office_periodic:schedule": Rule(ORGAN_STAFF, "periodic_schedule"),
    "office_periodic:schedule_act[trigger]": Rule(
        KEEPERS, "periodic_schedule", (("name", "trigger"),)
    ),
    "office_periodic:schedule_act[link]": Rule(KEEPERS, "periodic_schedule", (("name", "link"),)),
    "office_periodic:schedule_act[deactivate]": Rule(
        ADMIN, "periodic_schedule", (("name", "deactivate"),)
    ),
    "office_periodic:upload": Rule(KEEPERS, "periodic_schedule"),
    "office_periodic:dataset": Rule(ORGAN_STAFF, "periodic_dataset"),
    "office_periodic:dataset_act[publish]": Rule(
        PUBLISHERS, "periodic_dataset", (("name", "publish"),)
    ),
    # 旧网站导入 (legacy, issue 19 §6): the 公开办管理员 of the run's organ or above reads the runs
    # (imports are started from the command line).
    "legacy:index": Rule(ADMIN),
    "legacy:run": Rule(ADMIN, "legacy_run"),
    # 人员、经费和培训 (workforce, issue 20 §4): 采编 and 公开办 enter an organ's figures
    # (workforce.services.ENTRANTS) and see their subtree's totals; every post of the organ
    # reads the evidence (workforce.selectors.may_read).
    "workforce:index": Rule(KEEPERS),
    "workforce:export": Rule(KEEPERS),
    "workforce:edit": Rule(KEEPERS, "workforce_figures"),
    "workforce:evidence": Rule(ORGAN_STAFF, "workforce_evidence"),
    "workforce:evidence_remove": Rule(KEEPERS, "workforce_evidence"),
    # 政府公报 (gazette, issue 19 §2): the organ's 公开办管理员 and 审核 (gazette EDITORS) make,
    # fill and publish issues and read their files; nobody else sees them in the office.
    "office_gazette:index": Rule(GAZETTE),
    "office_gazette:issue_new": Rule(GAZETTE),
    "office_gazette:issue": Rule(GAZETTE, "gazette_issue"),
    "office_gazette:issue_edit": Rule(GAZETTE, "gazette_issue"),
    "office_gazette:issue_act[publish]": Rule(GAZETTE, "gazette_issue", (("name", "publish"),)),
    "office_gazette:file": Rule(GAZETTE, "gazette_issue", (("which", "original"),)),
    # 网站集约化 (sites, issue 20 §5): the platform's 公开办 adds and changes sites and hosts.
    "office_sites:index": Rule(PLATFORM),
    "office_sites:new": Rule(PLATFORM),
    "office_sites:edit": Rule(PLATFORM, "site_portal"),
}
# fmt: on
