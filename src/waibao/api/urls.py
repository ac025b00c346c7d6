"""The NinjaAPI object, with the routers of each concern. One authentication for every
router (``waibao.web.auth.SIGNED_IN``: a Bearer token or the session; an endpoint open to
everyone says ``auth=None``) and one set of exception handlers (``waibao.web.errors``)."""

from ninja import NinjaAPI

from waibao import __version__
from waibao.web import errors
from waibao.web.auth import SIGNED_IN

api = NinjaAPI(
    title="Waibao 外包 API",
    version=__version__,
    description="服务外包产业政策平台数据接口 / Service-outsourcing policy platform API",
    urls_namespace="api",
    auth=SIGNED_IN,
)
errors.install(api)


@api.get("/health", auth=None, tags=["meta"], summary="服务状态 / liveness")
def health(request: object) -> dict[str, str]:
    return {"status": "ok", "version": __version__}


api.add_router("/funds/", "waibao.funds.api.router")
api.add_router("/plans/", "waibao.plans.api.router")
api.add_router("/talent/", "waibao.talent.api.router")
api.add_router("/publishing/", "waibao.publishing.api.router")
api.add_router("/evaluation/", "waibao.evaluation.api.router")
api.add_router("/measures/", "waibao.measures.api.router")
api.add_router("/", "waibao.api.registry.router")
api.add_router("/", "waibao.api.contracts.router")
api.add_router("/", "waibao.api.calculator.router")
api.add_router("/", "waibao.api.public_calculator.router")
api.add_router("/", "waibao.api.reports.router")
api.add_router("/", "waibao.api.expenses.router")
api.add_router("/", "waibao.api.parameters.router")
api.add_router("/", "waibao.api.bureau_figures.router")
api.add_router("/", "waibao.api.statistics.router")
api.add_router("/", "waibao.api.tokens.router")
