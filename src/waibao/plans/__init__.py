"""Work plans and supervision (督办): the bodies the policy texts set up, the tasks they assign to
units, stages and five-year plans, meetings and their cadence, reminders and escalation, and the
yearly assessment of units (a text's 保障措施 考核; see docs/policy-reference.md)."""
