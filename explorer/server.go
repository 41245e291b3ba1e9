package explorer

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

//go:embed page.html.tmpl
var pageSource string

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"short": func(h common.Hash) string { s := h.Hex(); return s[:10] + "…" + s[len(s)-6:] },
	"ts":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"kib":   func(n int) string { return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KiB" },
	"inc":   func(n uint64) uint64 { return n + 1 },
	"raw":   func(b json.RawMessage) string { return string(b) },
}).Parse(pageSource))

// pageData is what the template renders: the model and the page's own
// settings.
type pageData struct {
	*Overview
	Refresh int
	Error   string
}

// defaultRefresh is the page's auto-refresh period in seconds.
const defaultRefresh = 5

// Handler serves the page at / and its model as JSON at /api/overview.
// GET / takes ?refresh=N (seconds; 0 turns auto-refresh off).
func (x *Explorer) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", x.handlePage)
	mux.HandleFunc("GET /api/overview", x.handleJSON)
	return mux
}

func (x *Explorer) handlePage(w http.ResponseWriter, r *http.Request) {
	d := pageData{Refresh: defaultRefresh}
	if v := r.URL.Query().Get("refresh"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			http.Error(w, "refresh: want a number of seconds (0: off)", http.StatusBadRequest)
			return
		}
		d.Refresh = n
	}
	status := http.StatusOK
	o, err := x.Overview(r.Context())
	if err != nil {
		status, d.Error = http.StatusBadGateway, err.Error()
		d.Overview = &Overview{Generated: x.cfg.Now()}
	} else {
		d.Overview = o
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, d); err != nil {
		http.Error(w, "explorer: render: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (x *Explorer) handleJSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	o, err := x.Overview(r.Context())
	if err != nil {
		w.WriteHeader(http.StatusBadGateway)
		json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
		return
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(o)
}

// Serve serves the explorer on ln until ctx ends.
func (x *Explorer) Serve(ctx context.Context, ln net.Listener, log *slog.Logger) error {
	srv := &http.Server{Handler: x.Handler(), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if log != nil {
		log.Info("explorer serving", "url", "http://"+ln.Addr().String()+"/")
	}
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-done
		return nil
	}
	return err
}
