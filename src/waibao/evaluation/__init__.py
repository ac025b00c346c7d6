"""Evaluation (project issue 7): key-enterprise rating (Guangdong 八), the yearly top ten
(Hangzhou 二十四), recognitions with applications, criteria, validity and revocation
(Guangzhou 九/十, Guangdong 五, Datong 5/17/18, Hangzhou 十七, Wenzhou 4/5/7), credit records
(Guangzhou 二十二, Datong 19) and the demonstration-city scorecard. See docs/evaluation.md."""
