package explorer

import (
	"fmt"
	"sort"
)

// Plot is the geometry of the "commands per block" chart, computed here so
// that the template only places shapes (inline SVG, no script).
type Plot struct {
	Width, Height int
	// The drawing area inside the axes.
	Left, Top, Right, Bottom int
	Bars                     []Bar
	Marks                    []Mark
	XTicks, YTicks           []Tick
	// Empty when no block in range carries commands.
	Empty bool
}

// Bar is the commands of one block (or of a bin of BinBlocks blocks when
// the range is wider than the plot).
type Bar struct {
	X, Y, W, H int
	Title      string
}

// Mark is an epoch change: a vertical line at a handshake's block.
type Mark struct {
	X     int
	Label string
	Title string
}

// Tick is an axis label.
type Tick struct {
	Pos   int
	Label string
}

const (
	plotWidth  = 900
	plotHeight = 240
	maxBins    = 300
)

// buildPlot lays out the commands per block over [from, to] (block
// heights stand for time: blocks are ordered and, on most chains, evenly
// spaced), with every handshake marked as an epoch change.
func buildPlot(from, to uint64, perBlock map[uint64]int, timeline []Change) Plot {
	p := Plot{Width: plotWidth, Height: plotHeight, Left: 50, Top: 22, Right: plotWidth - 12, Bottom: plotHeight - 30}
	if to < from {
		to = from
	}
	span := to - from + 1
	bin := (span + maxBins - 1) / maxBins
	bins := int((span + bin - 1) / bin)
	counts := make([]int, bins)
	maxCount := 0
	for b, n := range perBlock {
		if b < from || b > to {
			continue
		}
		i := int((b - from) / bin)
		counts[i] += n
		maxCount = max(maxCount, counts[i])
	}
	p.Empty = maxCount == 0
	yMax := niceCeil(max(maxCount, 1))
	w := float64(p.Right-p.Left) / float64(bins)
	x := func(block uint64) int { return p.Left + int(float64((block-from)/bin)*w) }
	h := p.Bottom - p.Top
	for i, n := range counts {
		if n == 0 {
			continue
		}
		lo := from + uint64(i)*bin
		bh := max(1, n*h/yMax)
		bar := Bar{X: x(lo), Y: p.Bottom - bh, W: max(1, int(w)-1), H: bh}
		if bin == 1 {
			bar.Title = fmt.Sprintf("block %d: %d commands", lo, n)
		} else {
			bar.Title = fmt.Sprintf("blocks %d-%d: %d commands", lo, min(lo+bin-1, to), n)
		}
		p.Bars = append(p.Bars, bar)
	}
	for _, c := range timeline {
		if !c.Handshake || c.Block < from || c.Block > to {
			continue
		}
		mx := x(c.Block) + int(w/2)
		p.Marks = append(p.Marks, Mark{X: mx, Label: fmt.Sprintf("e%d", c.Epoch+1),
			Title: fmt.Sprintf("block %d: %s, epoch %d → %d", c.Block, c.What, c.Epoch, c.Epoch+1)})
	}
	sort.Slice(p.Marks, func(i, j int) bool { return p.Marks[i].X < p.Marks[j].X })
	for _, v := range []int{0, yMax / 2, yMax} {
		if v == yMax/2 && (yMax%2 != 0 || v == 0) {
			continue
		}
		p.YTicks = append(p.YTicks, Tick{Pos: p.Bottom - v*h/yMax, Label: fmt.Sprint(v)})
	}
	const xTicks = 5
	for i := 0; i <= xTicks; i++ {
		b := from + (to-from)*uint64(i)/xTicks
		if i > 0 && b == from+(to-from)*uint64(i-1)/xTicks {
			continue
		}
		p.XTicks = append(p.XTicks, Tick{Pos: x(b) + int(w/2), Label: fmt.Sprint(b)})
	}
	return p
}

// niceCeil rounds n up to 1, 2 or 5 times a power of ten, for a readable
// axis.
func niceCeil(n int) int {
	for base := 1; ; base *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*base >= n {
				return m * base
			}
		}
	}
}
