from waibao.cli import main

raise SystemExit(main())
