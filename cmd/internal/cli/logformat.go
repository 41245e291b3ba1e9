package cli

import (
	"io"
	"log/slog"

	"github.com/spf13/cobra"
)

// Log formats of `anonify node` and `anonify devnet`: text for a person at
// a terminal, json (one slog JSON object per line) for a log collector.
const (
	LogFormatText = "text"
	LogFormatJSON = "json"
)

// AddLogFormatFlag adds --log-format to cmd.
func AddLogFormatFlag(cmd *cobra.Command, format *string) {
	cmd.Flags().StringVar(format, "log-format", LogFormatText, "log format: text|json (one JSON object per line, for log collectors)")
}

// NewLogger makes the logger --log-format asks for; an unknown format is
// a usage error.
func NewLogger(w io.Writer, format string, level slog.Level) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: level}
	switch format {
	case LogFormatText:
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case LogFormatJSON:
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, Usagef("--log-format %q: choose text or json", format)
	}
}
