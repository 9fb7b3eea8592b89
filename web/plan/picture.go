package plan

import (
	"bytes"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
	"github.com/tdewolff/canvas/renderers/rasterizer"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"klyngeportalen/internal/plan"
)

// The picture of a wheel for presentations and print: the heading over the drawing (the same
// drawing as the SVG, in the same units), with the legend below.
const (
	picLeft   = -margin         // the drawing's left edge in its units
	picTop    = -80.0           // room above the drawing for the heading
	picWidth  = 1000 + 2*margin // 1180
	picHeight = WheelHeight - picTop
	ptPerUnit = 1 / 0.352778 // a font size in the drawing's units, in points (1 pt = 0.352778 mm)
)

// Paper sizes of the PDF, landscape, in millimetres.
var (
	A4 = [2]float64{297, 210}
	A3 = [2]float64{420, 297}
)

// PNGSize is the width and height in pixels of the wheel as PNG.
const PNGSize = 1600

// WritePNG writes the wheel w as a PNG of PNGSize × PNGSize pixels.
func WritePNG(out io.Writer, w Wheel) error {
	const side = 200.0 // mm
	c, err := picture(w, side, side, 4)
	if err != nil {
		return err
	}
	img := rasterizer.Draw(c, canvas.DPMM(PNGSize/side), canvas.DefaultColorSpace)
	return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(out, img)
}

// WritePDF writes the wheel w as a one-page PDF on paper (A4 or A3), landscape.
func WritePDF(out io.Writer, w Wheel, paper [2]float64) error {
	c, err := picture(w, paper[0], paper[1], 10)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	p := pdf.New(&buf, c.W, c.H, nil)
	p.SetInfo(w.Heading, w.Summary, "årshjul", "Avfallsklynge Nord", "Klyngeportalen")
	p.SetLang("nb")
	c.RenderTo(p)
	if err := p.Close(); err != nil {
		return err
	}
	_, err = out.Write(buf.Bytes())
	return err
}

// picture draws w centred on a canvas of width × height mm with the margin m mm.
func picture(w Wheel, width, height, m float64) (*canvas.Canvas, error) {
	fonts := canvas.NewFontFamily("Go")
	if err := fonts.LoadFont(goregular.TTF, 0, canvas.FontRegular); err != nil {
		return nil, err
	}
	if err := fonts.LoadFont(gobold.TTF, 0, canvas.FontBold); err != nil {
		return nil, err
	}
	c := canvas.New(width, height)
	ctx := canvas.NewContext(c)
	ctx.SetCoordSystem(canvas.CartesianIV)
	ctx.SetFillColor(color.RGBA{255, 255, 255, 255})
	ctx.DrawPath(0, 0, canvas.Rectangle(width, height))
	s := min((width-2*m)/picWidth, (height-2*m)/picHeight)
	ox, oy := (width-s*picWidth)/2-s*picLeft, (height-s*picHeight)/2-s*picTop
	ctx.ComposeView(canvas.Identity.Translate(ox, oy).Scale(s, s))
	p := painter{ctx: ctx, fonts: fonts}
	d := w.Drawing

	p.text(500, -30, w.Heading, 40, true, dark, canvas.Center)
	for _, b := range d.Rings {
		p.path(plan.SectorPath(0, 360, b.Inner, b.Outer), track, nil, 0)
	}
	for _, wk := range d.Weeks {
		p.line(wk.LineX1, wk.LineY1, wk.LineX2, wk.LineY2, grey, 1)
		p.text(f(wk.LabelX), f(wk.LabelY)+6, "u."+strconv.Itoa(wk.Number), 17, false, subtle, canvas.Center)
	}
	for _, mo := range d.Months {
		p.line(mo.LineX1, mo.LineY1, mo.LineX2, mo.LineY2, lineGrey, 1.5)
		align := canvas.Center
		switch mo.Anchor {
		case "start":
			align = canvas.Left
		case "end":
			align = canvas.Right
		}
		p.text(f(mo.LabelX), f(mo.LabelY)+10, MonthName(mo.Start.Month()), 28, true, dark, align)
	}
	for _, a := range d.Arcs {
		fill := canvas.Hex(d.Rings[a.Item.Ring].Ring.Colour)
		if a.Item.Muted {
			fill = faded(fill)
		}
		switch {
		case a.Item.Late:
			p.path(a.Path, fill, &red, 4)
		case a.Item.Event:
			p.ctx.SetDashes(0, 7, 4)
			p.path(a.Path, fill, &dark, 2.5)
			p.ctx.SetDashes(0)
		default:
			p.path(a.Path, fill, &white, 0.75)
		}
		if a.Label != "" {
			col := white
			if a.Item.Muted {
				col = dark
			}
			p.arcLabel(a, col)
		}
	}
	for _, b := range d.Rings {
		y := f(b.LabelY)
		t := canvas.NewTextLine(fonts.Face(19*ptPerUnit, dark, canvas.FontBold), b.Ring.Label, canvas.Center)
		r := t.Bounds()
		ctx.SetFillColor(white)
		ctx.SetStrokeColor(canvas.Transparent)
		ctx.DrawPath(500-r.W()/2-6, y-14, canvas.RoundedRectangle(r.W()+12, 28, 6))
		ctx.DrawText(500, y+7, t)
	}
	p.text(500, 505, strconv.Itoa(d.Window.Start.Year()), 44, true, dark, canvas.Center)
	if d.Window.Zoomed() {
		p.text(500, 540, zoomCentre(d.Window), 22, false, subtle, canvas.Center)
	}
	if d.Today {
		p.line(d.TodayX1, d.TodayY1, d.TodayX2, d.TodayY2, red, 3)
	}
	for i, b := range d.Rings {
		p.path(rect(f(legendX(i)), 1004, 26, 26), canvas.Hex(b.Ring.Colour), nil, 0)
		p.text(f(legendTextX(i, 36)), 1026, b.Ring.Label, 26, false, dark, canvas.Left)
	}
	if d.Today {
		p.line(legendX(0), "1048", legendX(0), "1078", red, 4)
		p.text(f(legendTextX(0, 14)), 1072, "I dag", 26, false, dark, canvas.Left)
	}
	if w.hasEvents() {
		p.ctx.SetDashes(0, 7, 4)
		p.path(rect(f(legendX(1)), 1050, 26, 26), white, &dark, 2.5)
		p.ctx.SetDashes(0)
		p.text(f(legendTextX(1, 36)), 1072, "Arrangement", 26, false, dark, canvas.Left)
	}
	if w.hasLate() {
		p.path(rect(f(legendX(2)), 1050, 26, 26), white, &red, 4)
		p.text(f(legendTextX(2, 36)), 1072, "Forsinket", 26, false, dark, canvas.Left)
	}
	return c, nil
}

var (
	dark     = canvas.Hex("#1e1e24")
	subtle   = canvas.Hex("#44444c")
	grey     = canvas.Hex("#b0b0b8")
	lineGrey = canvas.Hex("#6b6b73")
	track    = canvas.Hex("#f0f0f2")
	red      = canvas.Hex("#b3261e")
	white    = color.RGBA{255, 255, 255, 255}
)

// faded is c at 45 % over white, as a muted arc is drawn on the page.
func faded(c color.RGBA) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v)*0.45 + 255*0.55)) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 255}
}

// painter draws on a context in the drawing's units.
type painter struct {
	ctx   *canvas.Context
	fonts *canvas.FontFamily
}

func (p painter) path(d string, fill color.RGBA, stroke *color.RGBA, width float64) {
	path, err := canvas.ParseSVGPath(d)
	if err != nil {
		return // the layout writes only paths it can read back
	}
	p.ctx.SetFillColor(fill)
	if stroke != nil {
		p.ctx.SetStrokeColor(*stroke)
		p.ctx.SetStrokeWidth(width)
	} else {
		p.ctx.SetStrokeColor(canvas.Transparent)
	}
	p.ctx.DrawPath(0, 0, path)
}

func (p painter) line(x1, y1, x2, y2 string, col color.RGBA, width float64) {
	path := &canvas.Path{}
	path.MoveTo(f(x1), f(y1))
	path.LineTo(f(x2), f(y2))
	p.ctx.SetFillColor(canvas.Transparent)
	p.ctx.SetStrokeColor(col)
	p.ctx.SetStrokeWidth(width)
	p.ctx.DrawPath(0, 0, path)
}

func (p painter) text(x, y float64, s string, size float64, bold bool, col color.RGBA, align canvas.TextAlign) {
	style := canvas.FontRegular
	if bold {
		style = canvas.FontBold
	}
	p.ctx.DrawText(x, y, canvas.NewTextLine(p.fonts.Face(size*ptPerUnit, col, style), s, align))
}

// arcLabel writes an arc's label straight along the tangent at its middle, upright on both
// halves. Straight text leaves a curved lane towards its ends, so it is moved out by what the
// lane leaves free above the letters and shortened to what stays inside the lane.
func (p painter) arcLabel(a plan.Arc, col color.RGBA) {
	size := f(a.LabelSize)
	free := (a.Outer-a.Inner)/2 - size/2
	if free <= 0 {
		return
	}
	r := (a.Inner+a.Outer)/2 + free
	maxLen := min(2*r*math.Acos(max(-1, 1-2*free/r)), r*(a.To-a.From)*math.Pi/180-12)
	label := a.Label
	if n := int(maxLen / (size * 0.56)); n < 5 {
		return
	} else if len([]rune(label)) > n {
		label = shortLabel(label, n)
	}
	mid := (a.From + a.To) / 2
	rad := mid * math.Pi / 180
	x, y := 500+r*math.Sin(rad), 500-r*math.Cos(rad)
	rot := mid
	if mid > 90 && mid < 270 {
		rot -= 180
	}
	t := canvas.NewTextLine(p.fonts.Face(size*ptPerUnit, col, canvas.FontBold), label, canvas.Center)
	p.ctx.Push()
	p.ctx.ComposeView(canvas.Identity.Translate(x, y).Rotate(rot))
	p.ctx.DrawText(0, size*0.35, t)
	p.ctx.Pop()
}

// shortLabel cuts a label that was fitted to the arc to n characters, ending in "…".
func shortLabel(s string, n int) string {
	r := []rune(strings.TrimSuffix(s, "…"))
	return strings.TrimRight(string(r[:min(len(r), n-1)]), " ,.;:–-") + "…"
}

func rect(x, y, w, h float64) string {
	return "M" + num(x) + " " + num(y) + "h" + num(w) + "v" + num(h) + "h" + num(-w) + "Z"
}

func f(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
