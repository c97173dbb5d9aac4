-- Housekeeping for the volume of due-date notices: an index under every foreign key, and one for the daily deletion
-- of old notices.

-- Without an index on the referencing side, each delete or key change on the referenced row scans this table.
create index notifications_by_patron on notifications (patron_id);
create index loans_by_item on loans (item_id, checked_out_at desc);
create index items_by_branch on items (branch_id);
create index items_by_item_type on items (item_type);
create index items_by_transit_to on items (transit_to) where transit_to is not null;
create index holds_by_title on holds (title_id);
create index holds_all_by_pickup_branch on holds (pickup_branch_id);
create index loan_policies_by_item_type on loan_policies (item_type);

-- Notices in a final state, oldest first: the retention job deletes them in short batches.
create index notifications_final_by_age on notifications (created_at, id)
    where state in ('sent', 'dropped', 'dead', 'failed');
-- The staff counts read these small states from their own indexes, as the metrics read the dead letters.
create index notifications_failed on notifications (kind) where state = 'failed';
create index notifications_dropped on notifications (kind) where state = 'dropped';
