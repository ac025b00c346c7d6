"""What every router and page shares, below the apps and below ``waibao.api`` (the ``web``
floor of docs/decisions/0022-layers-and-read-layer.md): how a caller proves who it is
(``auth``), how a refused operation becomes a response (``errors``), the bounded parameter
types (``params``) and the staff lists' one mechanism (``lists``). The apps' routers and pages
and ``waibao.api`` import this package; it imports no app (issue 18 item 3)."""
