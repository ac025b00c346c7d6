"""Work plans and supervision (督办): the bodies the policy texts set up, the tasks they assign to
units, stages and five-year plans, meetings and their cadence, reminders and escalation, and the
yearly assessment of units (Datong 保障措施(一))."""
