package dcap

import "testing"

// Benchmarks verify with the collateral already parsed, as a node does
// with cached collateral; every signature, chain and CRL check still runs.

func benchmarkVerify(b *testing.B, quote, collateral string, opts Options) {
	q := readTestdata(b, quote)
	col := jsonCollateral(b, collateral)
	if _, err := Verify(q, col, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Verify(q, col, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifySGX(b *testing.B) {
	benchmarkVerify(b, sgxQuote, sgxCollateral, Options{Now: july2025})
}

func BenchmarkVerifyTDX(b *testing.B) {
	benchmarkVerify(b, tdxQuote, tdxCollateral, Options{Now: july2025})
}

func BenchmarkVerifyTDXv5(b *testing.B) {
	benchmarkVerify(b, tdxV5Sample, tdxOutdatedCol, Options{Now: march2026})
}

func BenchmarkParseQuote(b *testing.B) {
	q := readTestdata(b, tdxQuote)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseQuote(q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCollateralJSON(b *testing.B) {
	j := readTestdata(b, tdxCollateral)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCollateralJSON(j); err != nil {
			b.Fatal(err)
		}
	}
}
