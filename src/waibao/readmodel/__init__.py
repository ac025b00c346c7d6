"""The read layer: what the portal's pages and the API both show, read one way for both.

- ``cache``: computed figures cached under the data version (``waibao.dataversion``);
- ``calculator``: the enterprise calculator's organisation, years and explained rows;
- ``public_calculator``: the public calculator (政策试算), its bounds and its computation;
- ``statistics``: the STATS.md indicators of a user's region, and their files;
- ``years``: the year a page or the API is asked about.

It sits above the domain apps it reads (registry, reporting, funds, policy, stats) and below
the two faces that show it (``waibao.portal``, ``waibao.api``): neither face imports the
other (docs/decisions/0022-layers-and-read-layer.md). A read only the pages show stays in
``waibao.portal.selectors``.
"""
