"""Cost of reading XLSX safely: the XML pre-scan and the openpyxl path for sheets with stray cells.

Writes a 10,000-row XLSX in the Joom template (xlsxwriter, numbers as numeric cells, a few
merged title cells) twice: once clean, once with a stray cell at XFD1048576. Times, best of
--repeat runs each, in this process:

- calamine alone (fastexcel load_sheet, what the reader did before),
- the XML pre-scan alone (io/xlsx_scan.scan_sheet),
- the whole reader on the clean file (pre-scan + calamine + merge fill),
- the whole reader on the file with the stray cell (pre-scan + openpyxl read-only streaming of
  the table's extent). calamine alone on that file aborts the process (exit 134), so it is not run.

    python benchmarks/bench_xlsx.py --rows 10000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

HEADER = ["Parent Unique ID", "*Product Name", "Description", "*Tags", "*Unique ID", "Color", "Size",
          "*Quantity", "*Price", "Currency", "*MSRP", "*Shipping", "*Product Main Image URL",
          "Extra Image URL", "Extra Image URL 1", "Brand", "Category"]


def write(path: Path, rows: int, stray: bool) -> Path:
    """A Joom-template XLSX with `rows` variant rows (3 per product, titles merged over them)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Products")
    sheet.write_row(0, 0, HEADER)
    for i in range(rows):
        product = i // 3
        r = i + 1
        sheet.write_row(r, 0, [f"P{product}", f"Product {product} cotton shirt for men", "Material: cotton",
                               "shirt,men", f"P{product}-{i % 3}", "Black", "M"])
        sheet.write_number(r, 7, 10 + i % 7)
        sheet.write_number(r, 8, 9.99 + product % 50)
        sheet.write_string(r, 9, "USD")
        sheet.write_number(r, 10, 19.99 + product % 50)
        sheet.write_number(r, 11, 1.5)
        sheet.write_row(r, 12, [f"https://img.example/{product}.jpg", f"https://img.example/{product}-2.jpg",
                                "", "Acme", "Apparel"])
    for product in range(0, rows // 3, 50):  # a merged title every 50 products
        first = product * 3 + 1
        sheet.merge_range(first, 1, first + 2, 1, f"Product {product} cotton shirt for men")
    if stray:
        sheet.write_string(1048575, 16383, "x")
    book.close()
    return path


def best(func, repeat: int) -> float:
    """Best wall time of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Write the files, time each reading path, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import fastexcel

    from listing_preflight.io.excel import _read_excel
    from listing_preflight.io.xlsx_scan import scan_sheet

    with tempfile.TemporaryDirectory() as tmp:
        clean = write(Path(tmp) / "clean.xlsx", args.rows, stray=False)
        stray = write(Path(tmp) / "stray.xlsx", args.rows, stray=True)
        figures = {
            "calamine alone (clean)": best(lambda: fastexcel.read_excel(str(clean)).load_sheet(
                0, header_row=None, dtypes="string").to_polars(), args.repeat),
            "pre-scan alone (clean)": best(lambda: scan_sheet(clean, None), args.repeat),
            "reader (clean: scan + calamine + merges)": best(lambda: _read_excel(clean, None),
                                                             args.repeat),
            "reader (stray XFD1048576: scan + openpyxl)": best(lambda: _read_excel(stray, None),
                                                               args.repeat),
        }
        rows = _read_excel(stray, None).frame.height
    print(f"{args.rows} rows x {len(HEADER)} columns, best of {args.repeat}; stray file read {rows} rows")
    for name, seconds in figures.items():
        print(f"{name:<45} {seconds:7.3f} s")


if __name__ == "__main__":
    main()
