"""Open Badges, standards work only: OB 2.0 hosted objects, OB 3.0 credentials (Data Integrity,
VC-JWT), CLR 2.0, status lists, baking, badge images, verification. Nothing here runs a query
or speaks HTTP."""
