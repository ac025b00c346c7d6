"""``waibao audit verify``: walk the audit hash chain and report the first broken link."""

from __future__ import annotations

import argparse

from waibao.cli.errors import BadInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="check the audit log",
        description="Check the append-only, hash-chained audit log.",
    )
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify",
        help="recompute every hash of the audit chain; exit 1 at the first broken link",
        description=(
            "Walk the audit chain in sequence order, recomputing each record's SHA-256 over its "
            "canonical JSON and its predecessor's hash, comparing each funds ledger row with its "
            "link and each hash with the signed checkpoints (waibao audit checkpoint). Prints "
            "the record count and the head hash; exits 1 naming the first record (or ledger "
            "entry) that was changed, removed or inserted."
        ),
    )
    verify.add_argument("--data-dir", default=None)
    verify.add_argument(
        "--expect-head",
        metavar="HASH",
        default=None,
        help="a head hash recorded earlier: also detects records removed from the chain's end",
    )
    verify.set_defaults(handler=handle_verify)
    checkpoint = actions.add_parser(
        "checkpoint",
        help="verify the chain, then sign its head into <data dir>/audit/checkpoints.jsonl",
        description=(
            "Verify the audit chain; if intact, append a checkpoint (the head, the hash of every "
            "record since the last checkpoint) signed with HMAC-SHA256 under the key in "
            "<data dir>/keys/audit-checkpoint.key (or WAIBAO_AUDIT_CHECKPOINT_KEY_FILE). Later "
            "verifies compare the chain with every checkpoint, so an edited record is named even "
            "if every later hash was recomputed. Run it daily; every backup writes one too."
        ),
    )
    checkpoint.add_argument("--data-dir", default=None)
    checkpoint.set_defaults(handler=handle_checkpoint)


def handle_verify(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir, existing=True)
    from waibao.audit.selectors import audit_chain_verify

    report = audit_chain_verify(expected_head=args.expect_head)
    if not report.intact:
        raise BadInput(
            [
                f"audit chain broken at {report.subject}: {report.reason}",
                f"{report.records} records before it verified; last good hash {report.head_hash}",
            ]
        )
    print(f"audit chain intact: {report.records} records, head {report.head_hash}")
    return 0


def handle_checkpoint(args: argparse.Namespace) -> int:
    from waibao.cli.django_setup import setup_django

    setup_django(data_dir=args.data_dir)
    from waibao.audit.checkpointing import checkpoint_write
    from waibao.audit.checkpoints import CheckpointError, checkpoint_path

    try:
        checkpoint = checkpoint_write()
    except CheckpointError as error:
        raise BadInput([str(error)]) from error
    print(
        f"audit checkpoint: record #{checkpoint['sequence']}, head {checkpoint['head']}, "
        f"signature {checkpoint['signature']} ({checkpoint_path()})"
    )
    return 0
