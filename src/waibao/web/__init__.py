"""The HTTP pieces every router shares, below the apps and below ``waibao.api``: how a caller
proves who it is (``auth``), how a refused operation becomes a response (``errors``), and the
bounded parameter types (``params``). The apps' routers and ``waibao.api`` both import this
package; it imports no app (issue 18 item 3)."""
