package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/custos-ssa/custos"
	"github.com/custos-ssa/custos/internal/api"
	"github.com/custos-ssa/custos/internal/incident"
	"github.com/custos-ssa/custos/internal/seed"
	"github.com/custos-ssa/custos/internal/store"
	"github.com/custos-ssa/custos/internal/web"
)

// demoData builds the demonstration data; tests replace it with a smaller
// import, since the full one is measured by the benchmarks.
var demoData = seed.DemoData

// demoEvents imports the demonstration incidents; tests replace it too.
var demoEvents = seed.DemoEvents

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "serve", "serve [--addr HOST:PORT] [--db DB] [--demo]")
	addrDef := env.Getenv("CUSTOS_ADDR")
	if addrDef == "" {
		addrDef = "127.0.0.1:8080"
	}
	addr := fs.String("addr", addrDef, "the address to listen on (env CUSTOS_ADDR)")
	db := dbFlag(fs, env)
	demo := fs.Bool("demo", false, "run on the demonstration store (demo.db in the data directory unless --db is given), "+
		"with fictional demo accounts, one per role")
	secure := fs.Bool("secure-cookies", env.Getenv("CUSTOS_SECURE_COOKIES") == "1", "mark session cookies Secure, when served over HTTPS (env CUSTOS_SECURE_COOKIES=1)")
	proxies := fs.String("trusted-proxies", env.Getenv(api.TrustedProxiesEnv), "reverse proxies (addresses or CIDR prefixes, comma-separated) whose X-Forwarded-For "+
		"names the client the public intake limits; none by default (env "+api.TrustedProxiesEnv+")")
	validity := vettingValidityFlag(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := setVettingValidity(env, *validity); err != nil {
		return err
	}
	trustedProxies, err := api.ParseTrustedProxies(*proxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	dbSet := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "db" {
			dbSet = true
		}
	})
	dir := DataDir(env.Getenv)
	if *demo && !dbSet && env.Getenv("CUSTOS_DB") == "" {
		*db = filepath.Join(dir, "demo.db")
	}
	log := newLogger(env)
	start := time.Now()
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if n, err := seed.Reference(ctx, st); err != nil {
		return fmt.Errorf("load the reference catalog: %w", err)
	} else if n > 0 {
		log.Info("loaded the reference catalog", "records", n)
	}
	var demoPassword string
	if *demo {
		if demoPassword, err = seed.Demo(ctx, st, dir); err != nil {
			return err
		}
		res, err := demoData(ctx, st, func(n int) { log.Info("building the demonstration store", "rows", n) })
		if err != nil {
			return fmt.Errorf("build the demonstration store: %w", err)
		}
		if res != nil {
			log.Info("built the demonstration store from the U.S. Foreign Military Training Reports", "summary", res.Summary())
		}
		ev, err := demoEvents(ctx, st)
		if err != nil {
			return fmt.Errorf("import the demonstration incidents: %w", err)
		}
		if ev != nil {
			log.Info("imported the demonstration incidents from a sample of UCDP GED 23.1", "summary", ev.Summary())
		}
		if n, err := seed.DemoConditions(ctx, st); err != nil {
			return fmt.Errorf("add the demonstration conditions: %w", err)
		} else if n > 0 {
			log.Info("added fictional demonstration conditions over the real incidents", "conditions", n)
		}
	}
	// The key that seals civil-society reporters' contact details: from
	// CUSTOS_INTAKE_KEY, or a 0600 key file in the data directory.
	intakeKey, err := incident.LoadKey(env.Getenv, DataDir(env.Getenv))
	if err != nil {
		return fmt.Errorf("intake key: %w", err)
	}
	apiServer := api.New(api.Deps{Store: st, Logger: log, Version: Version, SecureCookies: *secure, IntakeKey: intakeKey, TrustedProxies: trustedProxies})
	mux := http.NewServeMux()
	mux.Handle("/api/", apiServer)
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		mux.Handle(p, apiServer)
	}
	mux.Handle("/", web.New(web.Deps{Store: st, API: apiServer, Logger: log, Version: Version, DB: st}))

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(env.Stdout, "Custos is running at %s\n", url)
	fmt.Fprintf(env.Stdout, "store: %s (ready in %s)\n", redact(*db), time.Since(start).Round(time.Millisecond))
	if *demo {
		fmt.Fprintf(env.Stdout, "demo accounts (fictional), password %s:", demoPassword)
		for _, d := range seed.DemoUsers {
			fmt.Fprintf(env.Stdout, " %s", d.Name)
		}
		fmt.Fprintln(env.Stdout)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	watchCtx, stopWatch := context.WithCancel(ctx)
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		watchConditions(watchCtx, st, log, time.Minute)
	}()
	// Stop the watch, and let a sweep under way finish, before the store
	// closes.
	defer func() { stopWatch(); <-watchDone }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shut, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// watchConditions keeps the conditions' statuses current while the server
// runs: a step of store.WatchConditions now and then every interval (a
// full sweep each new day, else the conditions whose inputs changed), as
// the system. Each status that changes raises an alert; errors are logged
// and the next step tries again.
func watchConditions(ctx context.Context, st *store.DB, log *slog.Logger, interval time.Duration) {
	sys := custos.WithPrincipal(ctx, custos.System)
	var w store.ConditionWatch
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		start := time.Now()
		run, err := st.WatchConditions(sys, &w)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("condition watch", "err", err)
		case run != nil:
			log.Info("condition watch", "as_of", run.AsOf.String(), "evaluated", run.Evaluated, "alerts", len(run.Alerts), "took", time.Since(start).Round(time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
