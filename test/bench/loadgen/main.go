// Command loadgen drives SubmitEvent on a ledger gateway for `npm run bench` (test/bench/
// goLoadGenerator.ts starts it and summarises what it prints). It exists because on a two-core
// machine the load generator shares the CPU with the system under test: grpc-js costs about 0.4 ms
// of CPU per unary call, grpc-go a fraction of that, so a Go client leaves the cores to the ledger.
//
// It needs no generated code: CertifiedEvent is encoded by hand (fields 1, 2 and 4 of
// gateway/proto/ledger.proto) and the SealedEvent reply is checked for a sequence number (field 1).
//
// Modes, each bounded by a duration and an operation count:
//
//	-mode open    sends at -rate per second on a fixed schedule whatever the completions; latency
//	              runs from each call's scheduled send time (no coordinated omission); sends beyond
//	              -max-outstanding in flight are dropped; after the last send it waits at most
//	              -drain seconds for the calls in flight.
//	-mode closed  -concurrency workers, each sending when its previous call returned.
//
// With -ca, -cert and -key it speaks TLS with that client certificate, as the gateway's secure default
// asks (without them, plaintext to a development gateway).
//
// It prints one JSON object on stdout: latencies of completed calls in ms, failures by gRPC code,
// sent, dropped, elapsed seconds and the largest lag of a send behind its schedule.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

const submitMethod = "/ledger.ImmutableLedger/SubmitEvent"

// rawCodec passes already-encoded protobuf bytes through gRPC unchanged.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	b, ok := v.(*[]byte)
	if !ok {
		return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
	}
	return *b, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	b, ok := v.(*[]byte)
	if !ok {
		return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
	}
	*b = append((*b)[:0], data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }

// appendBytesField appends a length-delimited protobuf field.
func appendBytesField(buf []byte, field int, value []byte) []byte {
	buf = binary.AppendUvarint(buf, uint64(field<<3|2))
	buf = binary.AppendUvarint(buf, uint64(len(value)))
	return append(buf, value...)
}

// certifiedEvent encodes CertifiedEvent{event_id, payload, veps_timestamp}.
func certifiedEvent(eventID string, payload []byte, timestampMs int64) []byte {
	buf := make([]byte, 0, len(eventID)+len(payload)+24)
	buf = appendBytesField(buf, 1, []byte(eventID))
	buf = appendBytesField(buf, 2, payload)
	buf = binary.AppendUvarint(buf, uint64(4<<3|0))
	return binary.AppendUvarint(buf, uint64(timestampMs))
}

// sequenceNumber reads SealedEvent.sequence_number (field 1, varint), which the encoder writes
// first; 0 when absent.
func sequenceNumber(reply []byte) uint64 {
	if len(reply) < 2 || reply[0] != 1<<3 {
		return 0
	}
	n, size := binary.Uvarint(reply[1:])
	if size <= 0 {
		return 0
	}
	return n
}

type result struct {
	LatenciesMs  []float64      `json:"latenciesMs"`
	Failed       int            `json:"failed"`
	FailedByCode map[string]int `json:"failedByCode"`
	Sent         int            `json:"sent"`
	Dropped      int            `json:"dropped"`
	TimedOut     int            `json:"timedOut"`
	ElapsedS     float64        `json:"elapsedS"`
	MaxSendLagMs float64        `json:"maxSendLagMs"`
	FirstFailure string         `json:"firstFailure,omitempty"`
	// This process's own cost over its life, for the bench's CPU and RSS table (the bench cannot
	// sample a process that has exited).
	CPUSeconds  float64 `json:"cpuSeconds"`
	WallSeconds float64 `json:"wallSeconds"`
	MaxRSSKiB   int64   `json:"maxRssKiB"`
}

type recorder struct {
	mu        sync.Mutex
	latencies []float64
	failed    int
	byCode    map[string]int
	first     string
	lastDone  time.Time
}

func (r *recorder) done(latency time.Duration, at time.Time) {
	r.mu.Lock()
	r.latencies = append(r.latencies, float64(latency.Microseconds())/1000)
	if at.After(r.lastDone) {
		r.lastDone = at
	}
	r.mu.Unlock()
}

func (r *recorder) fail(err error) {
	code := status.Code(err).String()
	r.mu.Lock()
	r.failed++
	r.byCode[code]++
	if r.first == "" {
		r.first = err.Error()
	}
	r.mu.Unlock()
}

// snapshot copies what was recorded so far into res.
func (r *recorder) snapshot(res *result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	res.LatenciesMs = append([]float64{}, r.latencies...)
	res.Failed = r.failed
	res.FailedByCode = map[string]int{}
	for code, n := range r.byCode {
		res.FailedByCode[code] = n
	}
	res.FirstFailure = r.first
}

type submitter struct {
	conn     *grpc.ClientConn
	prefix   string
	deadline time.Duration
}

func (s submitter) submit(n int) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.deadline)
	defer cancel()
	id := s.prefix + "-" + strconv.Itoa(n)
	req := certifiedEvent(id, []byte("bench "+id), time.Now().UnixMilli())
	var reply []byte
	if err := s.conn.Invoke(ctx, submitMethod, &req, &reply); err != nil {
		return err
	}
	if sequenceNumber(reply) == 0 {
		return errors.New("reply carries no sequence number")
	}
	return nil
}

func openLoop(s submitter, rate float64, duration, drain time.Duration, maxOutstanding int, rec *recorder) result {
	total := int(math.Max(1, math.Round(rate*duration.Seconds())))
	var outstanding atomic.Int64
	var wg sync.WaitGroup
	res := result{}
	t0 := time.Now()
	sendEnd := t0.Add(duration + drain)
	n := 0
	for n < total && time.Now().Before(sendEnd) {
		now := time.Now()
		for ; n < total; n++ {
			scheduled := t0.Add(time.Duration(float64(n) / rate * float64(time.Second)))
			if scheduled.After(now) {
				break
			}
			if lag := float64(now.Sub(scheduled).Microseconds()) / 1000; lag > res.MaxSendLagMs {
				res.MaxSendLagMs = lag
			}
			if outstanding.Load() >= int64(maxOutstanding) {
				res.Dropped++
				continue
			}
			res.Sent++
			outstanding.Add(1)
			wg.Add(1)
			go func(n int, scheduled time.Time) {
				defer wg.Done()
				defer outstanding.Add(-1)
				if err := s.submit(n); err != nil {
					rec.fail(err)
					return
				}
				at := time.Now()
				rec.done(at.Sub(scheduled), at)
			}(n, scheduled)
		}
		time.Sleep(time.Millisecond)
	}
	res.Dropped += total - n
	drainEnd := time.Now().Add(drain)
	for outstanding.Load() > 0 && time.Now().Before(drainEnd) {
		time.Sleep(time.Millisecond)
	}
	res.TimedOut = int(outstanding.Load())
	end := time.Now()
	if res.TimedOut == 0 {
		rec.mu.Lock()
		end = rec.lastDone
		rec.mu.Unlock()
		if min := t0.Add(duration); end.Before(min) {
			end = min
		}
	}
	res.ElapsedS = end.Sub(t0).Seconds()
	// What completed so far is the result; stragglers carry their own deadline, and are waited for
	// only so that they do not load the next scenario.
	rec.snapshot(&res)
	wg.Wait()
	return res
}

func closedLoop(s submitter, concurrency int, duration time.Duration, rec *recorder) result {
	var started atomic.Int64
	var wg sync.WaitGroup
	t0 := time.Now()
	end := t0.Add(duration)
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				n := int(started.Add(1) - 1)
				sent := time.Now()
				if err := s.submit(n); err != nil {
					rec.fail(err)
					continue
				}
				at := time.Now()
				rec.done(at.Sub(sent), at)
			}
		}()
	}
	wg.Wait()
	res := result{Sent: int(started.Load()), ElapsedS: time.Since(t0).Seconds()}
	rec.snapshot(&res)
	return res
}

var started = time.Now()

// usage fills in this process's CPU time, wall time and peak resident set.
func usage(res *result) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		res.CPUSeconds = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
		res.MaxRSSKiB = ru.Maxrss
	}
	res.WallSeconds = time.Since(started).Seconds()
}

// transportCredentials is mutual TLS with the client certificate and key, trusting caFile, or
// plaintext when no file is given.
func transportCredentials(caFile, certFile, keyFile string) (credentials.TransportCredentials, error) {
	if caFile == "" && certFile == "" && keyFile == "" {
		return insecure.NewCredentials(), nil
	}
	if caFile == "" || certFile == "" || keyFile == "" {
		return nil, errors.New("-ca, -cert and -key go together")
	}
	caPem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPem) {
		return nil, fmt.Errorf("-ca %s: no PEM certificate", caFile)
	}
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	return credentials.NewTLS(&tls.Config{
		RootCAs:      roots,
		Certificates: []tls.Certificate{pair},
		MinVersion:   tls.VersionTLS12,
	}), nil
}

func main() {
	address := flag.String("address", "127.0.0.1:50051", "the gateway, HOST:PORT")
	caFile := flag.String("ca", "", "TLS: the CA certificate (PEM) the gateway's certificate chains to")
	certFile := flag.String("cert", "", "TLS: the client certificate (PEM)")
	keyFile := flag.String("key", "", "TLS: the client's private key (PEM)")
	mode := flag.String("mode", "open", "open (fixed offered rate) or closed (fixed concurrency)")
	rate := flag.Float64("rate", 100, "open loop: offered calls per second")
	concurrency := flag.Int("concurrency", 1, "closed loop: workers")
	durationS := flag.Float64("duration", 10, "seconds of sending")
	drainS := flag.Float64("drain", 30, "open loop: seconds to wait for calls in flight after the last send")
	maxOutstanding := flag.Int("max-outstanding", 20000, "open loop: sends beyond this many in flight are dropped")
	prefix := flag.String("id-prefix", "loadgen", "event ids are <prefix>-<n>")
	deadlineMs := flag.Int("deadline-ms", 30000, "deadline of each SubmitEvent call")
	flag.Parse()
	if *rate <= 0 || *concurrency < 1 || *durationS <= 0 || *drainS < 0 || *maxOutstanding < 1 || *deadlineMs < 1 {
		fmt.Fprintln(os.Stderr, "loadgen: -rate, -concurrency, -duration, -max-outstanding and -deadline-ms must be positive")
		os.Exit(2)
	}
	creds, err := transportCredentials(*caFile, *certFile, *keyFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadgen: %v\n", err)
		os.Exit(2)
	}
	conn, err := grpc.Dial(*address,
		grpc.WithTransportCredentials(creds),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{})))
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadgen: %v\n", err)
		os.Exit(1)
	}
	defer conn.Close()
	s := submitter{conn: conn, prefix: *prefix, deadline: time.Duration(*deadlineMs) * time.Millisecond}
	rec := &recorder{byCode: map[string]int{}}
	duration := time.Duration(*durationS * float64(time.Second))
	var res result
	switch *mode {
	case "open":
		res = openLoop(s, *rate, duration, time.Duration(*drainS*float64(time.Second)), *maxOutstanding, rec)
	case "closed":
		res = closedLoop(s, *concurrency, duration, rec)
	default:
		fmt.Fprintf(os.Stderr, "loadgen: -mode %q: want open or closed\n", *mode)
		os.Exit(2)
	}
	usage(&res)
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintf(os.Stderr, "loadgen: %v\n", err)
		os.Exit(1)
	}
}
