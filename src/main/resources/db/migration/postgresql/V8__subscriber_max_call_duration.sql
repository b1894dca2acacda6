-- A subscriber's own maximum call duration, in whole seconds (1 to 604800, checked by the
-- provisioning API): a call it makes or takes ends after this long (BYE to both parties, CDR
-- ended_by max-duration) instead of after parley.dialog.max-duration; the shorter of the two
-- parties' own limits when both have one. NULL: the node's default.

ALTER TABLE subscriber ADD COLUMN max_call_seconds INTEGER;
