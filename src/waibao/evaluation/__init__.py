"""Evaluation (project issue 7): key-enterprise rating, the yearly top ten, recognitions with
applications, criteria, validity and revocation, credit records and the demonstration-city
scorecard, as the policy texts provide them (each programme cites its clause; see
docs/evaluation.md and docs/policy-reference.md)."""
