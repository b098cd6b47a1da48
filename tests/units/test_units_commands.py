"""`localize units convert`, `localize price`, `localize rates update|show` (exit codes, JSON, messages)."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

DAILY_CSV = "Date, USD, JPY, CHF, \n14 November 2031, 1.2000, 180.00, 0.9000, \n"


def localize(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_units_convert(tmp_path: Path) -> None:
    proc = localize("units", "convert", "2,5 kg", "--from", "de-DE", "--market", "en-US", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "5.5 lb  (rule decimals-1, US system)\n")
    proc = localize("units", "convert", "2,5 kg", "--from", "de-DE", "--market", "en-US", "--json", cwd=tmp_path)
    assert json.loads(proc.stdout) == {
        "input": "2,5 kg", "from": "de-DE", "market": "en-US", "system": "US", "values": ["2.5"], "unit": "KILOGRAM",
        "converted": "5.5 lb", "target_unit": "POUND", "rule": "decimals-1", "kind": "single"}
    proc = localize("units", "convert", "1234.5 m", "--from", "en-US", "--market", "de-CH", cwd=tmp_path)
    assert proc.stdout == "1’234.5 m  (unchanged: de-CH reads METER)\n"
    proc = localize("units", "convert", "10 x 20 x 5 cm", "--from", "de-DE", "--market", "en-US", cwd=tmp_path)
    assert proc.stdout == "3.9 × 7.9 × 2 in  (rule decimals-1, US system)\n"


def test_units_convert_bad_input(tmp_path: Path) -> None:
    proc = localize("units", "convert", "zwei kg", "--from", "de-DE", "--market", "en-US", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == ("error: 'zwei kg' is not one quantity in de-DE\n"
                           '  hint: write a number and a unit, e.g. "2,5 kg", "3/4 in", "2–3 kg", "10 x 20 cm"\n')
    proc = localize("units", "convert", "2 kg", "--market", "xx", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("error: --market 'xx' is not a known locale with a region")


def test_price(tmp_path: Path) -> None:
    proc = localize("price", "24.90 EUR", "--market", "ja-JP", "--date", "2024-03-15", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "￥4,035\n  24.90 EUR × 162.03 (ECB, 2024-03-15) = 4034.547 JPY\n"
                                              "  price point whole (whole units; at most 5 % from the converted amount): 4035 JPY\n")
    proc = localize("price", "24.90 EUR", "--market", "de-CH", "--date", "2024-03-15", "--json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert {k: data[k] for k in ("amount", "currency", "display", "rule", "rates_date", "how")} == {
        "amount": "23.95", "currency": "CHF", "display": "CHF\xa023.95", "rule": "cash-05",
        "rates_date": "2024-03-15", "how": "converted"}
    proc = localize("price", "24.90 EUR", "--market", "fr-FR", cwd=tmp_path)
    assert proc.stdout.splitlines()[0] == "24,90\xa0€"


def test_price_bad_input(tmp_path: Path) -> None:
    proc = localize("price", "24.90", "--market", "en-US", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: '24.90' is not a price\n")
    proc = localize("price", "24.90 XYZ", "--market", "en-US", cwd=tmp_path)
    assert proc.stderr.startswith("error: 'XYZ' is not an ISO 4217 currency code")
    proc = localize("price", "5 EUR", "--market", "ar-EG", cwd=tmp_path)  # AED is pegged; EGP has no rate
    assert proc.returncode == 2 and proc.stderr.startswith("error: no exchange rate for EGP")
    assert "date,currency,rate" in proc.stderr
    assert "Traceback" not in proc.stderr


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        body = DAILY_CSV.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_rates_update_from_a_url_and_show(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/eurofxref.csv"
        proc = localize("rates", "update", url, "--json", cwd=tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["added"], data["last"], data["path"]) == (1, "2031-11-14", ".localize/rates/ecb-eurofxref.csv")
    shown = json.loads(localize("rates", "show", "--json", cwd=tmp_path).stdout)
    assert (shown["date"], shown["rates"]["JPY"], shown["first"]) == ("2031-11-14", "180.00", "1999-01-04")
    price = localize("price", "10 EUR", "--market", "en-US", cwd=tmp_path)
    assert price.stdout.splitlines()[1] == "  10 EUR × 1.2 (ECB, 2031-11-14) = 12 USD"
    text = localize("rates", "show", cwd=tmp_path).stdout
    assert text.startswith("ECB reference rates of 2031-11-14 (1 EUR =)")


def test_rates_update_bad_file(tmp_path: Path) -> None:
    (tmp_path / "rates.csv").write_text("Currency,Rate\nUSD,1.1\n", encoding="utf-8")
    proc = localize("rates", "update", "rates.csv", cwd=tmp_path)
    assert proc.returncode == 3
    assert proc.stderr.startswith("error: rates.csv:1: not an ECB eurofxref CSV (the first column must be `Date`)")


def test_commands_use_a_configs_market_settings(tmp_path: Path) -> None:
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE}\n"
        "markets:\n"
        "  - {locale: en-US, units: {rounding: {POUND: decimals-2}}, prices: {rule: tiered, floor: 9.99}}\n"
        "prices: {rates_date: 2024-03-15}\n",  # an unquoted YAML date
        encoding="utf-8",
    )
    proc = localize("price", "1 EUR", "--market", "en-US", "--config", "localize.yaml", cwd=tmp_path)
    assert proc.stdout.splitlines()[0] == "$9.99", proc.stderr
    assert "(ECB, 2024-03-15)" in proc.stdout
    proc = localize("units", "convert", "2,5 kg", "--from", "de-DE", "-m", "en-US", "-c", "localize.yaml", cwd=tmp_path)
    assert proc.stdout == "5.51 lb  (rule decimals-2, US system)\n"
    proc = localize("price", "1 EUR", "--market", "fr-FR", "--config", "localize.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "error: market 'fr-FR' is not in localize.yaml\n  hint: use one of en-US\n"


def test_a_bad_rates_date_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "localize.yaml").write_text(
        "source: {format: akeneo-csv, path: products.csv, locale: de_DE}\nmarkets: [{locale: en-US}]\n"
        "prices: {rates_date: yesterday}\n", encoding="utf-8")
    proc = localize("price", "1 EUR", "-m", "en-US", "-c", "localize.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "error: prices.rates_date: 'yesterday' is not a date\n  hint: use YYYY-MM-DD or `latest`\n"
