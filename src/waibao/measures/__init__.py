"""The measures register (工作记录 / 政策落实台账): the work a policy text asks of the bureau
that pays no money by formula but must be on record (training bases set up, residence permits
issued, special working hours approved, the association's funding …). Each policy folder's
``measures.yaml`` declares its text's measures; the bureau records what it did under them
(docs/decisions/0027-measures-register.md)."""
