"""Portal: the Chinese-first web pages (zh-hans default, English by switch)."""
