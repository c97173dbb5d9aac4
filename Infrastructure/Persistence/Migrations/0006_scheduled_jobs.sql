-- One row per recurring job. An instance runs a job only by moving its next_run_at forward in one statement, so each
-- occurrence runs once across instances, and a run missed while every instance was down happens at the next start.
create table scheduled_jobs (
    name          text primary key,
    next_run_at   timestamptz not null,
    last_run_at   timestamptz,
    last_run_by   text,
    last_error    text
);
