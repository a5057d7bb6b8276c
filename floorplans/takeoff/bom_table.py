"""A BOM as aligned plain text, for reading in a terminal (`takeoff --format table`)."""

from .bom import Bom

_COLUMNS = ("SKU", "Description", "Qty", "Unit", "Unit price", "Total")


def _row(line) -> tuple[str, ...]:
    return (
        line.sku,
        line.description,
        f"{line.quantity:g}",
        line.unit,
        f"{line.unit_price:,.2f}",
        f"{line.line_total:,.2f}",
    )


def bom_to_table(bom: Bom) -> str:
    rows = [_row(line) for line in bom.lines]
    widths = [max(len(cells[i]) for cells in [_COLUMNS, *rows]) for i in range(len(_COLUMNS))]
    numeric = {2, 4, 5}

    def fmt(cells) -> str:
        return "  ".join(
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [fmt(_COLUMNS), "  ".join("-" * w for w in widths)]
    for category, subtotal in bom.subtotals.items():
        lines = [fmt(_row(line)) for line in bom.lines if line.category == category]
        if not lines:
            continue
        out.append(f"{category.upper()}")
        out.extend(lines)
        out.append(f"{'':>{sum(widths[:5]) + 8}}  {f'{subtotal:,.2f}':>{widths[5]}}")
    out.append(f"TOTAL {bom.currency} {bom.total:,.2f}")
    out.extend(f"warning: {warning}" for warning in bom.warnings)
    return "\n".join(out) + "\n"
