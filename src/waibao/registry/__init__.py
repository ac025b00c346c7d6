"""Registry: regions, parks and organisations (enterprises, parks, institutions, platforms),
with their yearly figures, certifications, recognitions, trainings, expenses, awards and
violations: the facts the rules engine reads."""
