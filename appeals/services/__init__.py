"""Every write to an appeal goes through these functions: one transaction, one event each.

Each service opens a transaction and takes the appeal's row lock (`appeals.transitions.lock_appeal`)
before it reads anything that decides whether the write may happen.

Lock order, the same on every path, so two transactions never wait for each other in a circle:

1. the appeal (`lock_appeal`); a service that creates another appeal from it (a redirect's
   successor, a complaint) holds the original's lock first. Several appeals in one transaction
   (linking two duplicates, one answer to a linked group: `appeals.services.duplicates.lock_appeals`)
   are all locked before anything else, in ascending id order, so two overlapping groups, or a
   group and a single answer, queue instead of deadlocking;
2. the blog question published for that appeal (`blogs.services` locks the appeal before the
   question; the redirect's `appeal_redirected` receiver moves the question while the appeal is
   locked);
3. its publication in the public register (`appeals.services.publication` locks the appeal before
   the publication; a redirect moves it to the successor while both appeals are locked);
4. the answer awaiting approval of a locked appeal (`appeals.services.approval`);
5. rows the transaction only updates: the tracking-number counter, statistics rollups, the outbox,
   idempotency records.
"""

from appeals.services.approval import appeal_answer_approve, appeal_answer_return
from appeals.services.citizen import appeal_add_information, appeal_clarify, appeal_rate, appeal_withdraw
from appeals.services.clock import appeal_extend, appeal_request_clarification
from appeals.services.complaints import appeal_complain
from appeals.services.drafts import appeal_draft_save
from appeals.services.duplicates import appeal_answer_group, appeal_link
from appeals.services.filing import appeal_file
from appeals.services.handling import appeal_answer, appeal_assign, appeal_note, appeal_reject
from appeals.services.reassign import workload_reassign
from appeals.services.redirect import appeal_redirect

__all__ = [
    "appeal_add_information",
    "appeal_answer",
    "appeal_answer_approve",
    "appeal_answer_group",
    "appeal_answer_return",
    "appeal_assign",
    "appeal_clarify",
    "appeal_complain",
    "appeal_draft_save",
    "appeal_extend",
    "appeal_file",
    "appeal_link",
    "appeal_note",
    "appeal_rate",
    "appeal_redirect",
    "appeal_reject",
    "appeal_request_clarification",
    "appeal_withdraw",
    "workload_reassign",
]
