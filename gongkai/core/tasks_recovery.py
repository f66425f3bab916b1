"""Stale background tasks: a task left RUNNING by a worker that died (kill -9, a power cut) is
queued again, or failed once it has been started too often (issue 16, faults).

`gongkai db_worker` marks a task RUNNING when it claims it and SUCCESSFUL or FAILED when it ends;
a worker killed in between leaves the row RUNNING for ever and nothing runs it again. This
periodic task (in the schedule registry, `GONGKAI["SCHEDULE"]`) looks for rows RUNNING for longer
than `GONGKAI["STALE_TASK_MINUTES"]`: one started fewer than `STALE_TASK_ATTEMPTS` times goes
back to READY (the next worker runs it; every task of the platform is idempotent: it locks and
re-checks, or marks what it did), one started that often is FAILED with the reason, so a task
that kills its worker does not loop. Each recovery is one log line (WARNING, logger
`gongkai.core.tasks_recovery`) naming the task, its id and what was done.

Only the database queue (`django_tasks_db`) keeps rows to recover; with another backend there is
nothing to do. The time limit must be longer than the longest task (a full search rebuild).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gongkai.core.conf import gongkai_settings

logger = logging.getLogger(__name__)

#: `exception_class_path` of a task failed here (it raised nothing: its worker vanished).
STALE_EXCEPTION = "gongkai.core.tasks_recovery.StaleTask"


#: A claimed row put back in the queue: what `DBTaskResult.claim()` changed, undone.
_REQUEUED: dict[str, object] = {"status": TaskResultStatus.READY, "started_at": None}


class StaleTask(Exception):
    """A task whose worker stopped while running it, too many times."""


@dataclass
class Recovery:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def stale_tasks_recover(*, now: datetime | None = None) -> Recovery:
    """Requeue or fail every task RUNNING since before `now - STALE_TASK_MINUTES`."""
    conf = gongkai_settings()
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=conf.STALE_TASK_MINUTES)
    done = Recovery()
    with transaction.atomic():
        stale = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .order_by("started_at")
        )
        for row in stale:
            attempts = len(row.worker_ids or [])
            minutes = int((now - row.started_at).total_seconds() // 60) if row.started_at else 0
            if attempts >= conf.STALE_TASK_ATTEMPTS:
                # The queue's own writer of its own table (django_tasks_db), as a worker would.
                row.set_failed(
                    StaleTask(
                        f"任务已启动 {attempts} 次，每次执行中工作进程均中断"
                        f"（最近一次运行 {minutes} 分钟未结束），不再重试。"
                    )
                )
                done.failed.append(str(row.pk))
                logger.warning(
                    "后台任务 %s（%s）运行 %d 分钟未结束且已启动 %d 次，标记为失败",
                    row.task_path,
                    row.pk,
                    minutes,
                    attempts,
                )
            else:
                # django_tasks_db has no "requeue" writer; this is the library's table, not a
                # gongkai status (core/fsm.py governs those), so it is set back as claim() set it.
                DBTaskResult.objects.filter(pk=row.pk).update(**_REQUEUED)
                done.requeued.append(str(row.pk))
                logger.warning(
                    "后台任务 %s（%s）运行 %d 分钟未结束，工作进程可能已中断，"
                    "已重新排队（已启动 %d 次）",
                    row.task_path,
                    row.pk,
                    minutes,
                    attempts,
                )
    return done


@task()
def recover_stale_tasks() -> dict[str, list[str]]:
    """The periodic entry point (schedule registry): ids requeued and failed."""
    result = stale_tasks_recover()
    return {"requeued": result.requeued, "failed": result.failed}
