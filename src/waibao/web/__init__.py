"""What every router and page shares, just above who the caller is (the ``web`` floor of
docs/decisions/0022-layers-and-read-layer.md): the staff lists' one mechanism (``lists``)."""
