"""The demo data set as ``waibao demo`` builds it, for the browser tests: the default size and
seed, the demo logins (password and TOTP secret), the funds year and the year of work, made by
the same functions as the command's five stages. Nothing is made by hand: a browser test on
it finds what a bureau trying the demo finds (issue 23).

A module name no other test folder uses (the test folders are not packages).
"""

from __future__ import annotations

from e2e_world import Login


def build_demo() -> dict[str, Login]:
    """Load the demo; the demo logins by username. The live server's database is flushed
    between tests, the migrations' reference rows too, so those are loaded first."""
    from waibao import demo
    from waibao.demo.loader import demo_load
    from waibao.demo.logins import demo_logins_ensure
    from waibao.demo.money_path import demo_money_path_ensure
    from waibao.demo.year_of_work import demo_year_of_work_ensure
    from waibao.reporting.reference import categories_load, exchange_rates_load

    categories_load()
    exchange_rates_load()
    demo_load(demo.generate())
    logins = {
        login.username: Login(login.username, login.password, login.totp_secret)
        for login in demo_logins_ensure()
    }
    demo_money_path_ensure()
    demo_year_of_work_ensure()
    return logins
