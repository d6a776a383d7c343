/*
 * loadgen: the bench's load generator (see bench/README.md).
 *
 * One thread, non-blocking sockets, one epoll set. It opens connections to 127.0.0.1 only,
 * registers each in the protocol chosen with --proto, waits until every one is ready, then
 * runs a closed loop: each sender keeps --window messages in flight, a message counting as
 * acknowledged when its sender's designated receiver sees it. Sending stops after --messages
 * per sender or --duration seconds, whichever comes first; the generator then waits at most
 * --drain seconds for the last deliveries and prints one JSON object on stdout.
 *
 * With --rate M it runs an open loop instead: M messages a second over all the senders, message
 * k sent at k/M s by sender k % S whatever has been acknowledged. --slow N adds N clients that
 * register last (with a small SO_RCVBUF) and never read again; at the end the generator drains
 * them, bounded in time, to learn whether the server cut them off. --churn R opens R connections
 * a second while sending (at most --churn-pending at a time), each closed once registered.
 * Slow and churn clients are neither senders nor receivers.
 *
 * Every message carries, as its last 23 bytes, a payload
 *     '~' SSSS QQQQQQ TTTTTTTTTTTT        (hex: sender, sequence, send time)
 * where the time is CLOCK_MONOTONIC in ns since the generator started. Receivers find the
 * payload wherever the server put it (end of a line for papo and IRC, anywhere in the stream
 * for RESP), and count deliveries by (receiver, sender, sequence) in a bitmap: merged or split
 * reads still count once, a duplicate is seen as one, and what is lost is exact.
 *
 * Protocols:
 *   papo  papo's line protocol: greeting ending in "(papo/1)", nickname line, "*** " welcome;
 *         a message is a plain line, received as "nick >> text".
 *   irc   NICK/USER, wait for 001, JOIN the channel, wait for 366 (end of NAMES); messages are
 *         PRIVMSG to the channel; PING is answered with PONG.
 *   resp  redis pub/sub: --clients subscribers SUBSCRIBE to the channel, --senders separate
 *         publisher connections PUBLISH to it.
 *   ws    papo's WebSocket door (RFC 6455): an HTTP/1.1 upgrade for GET /ws, the 101 response,
 *         then frames: the server's `hello` event, the nickname sent as the masked text frame
 *         {"type":"line","text":"NICK"}, the `welcome` event; a message is sent as
 *         {"type":"line","text":"..."} and received as a `said` event whose text ends with
 *         the payload. Server frames may be split across reads or several to a read, with
 *         7-, 16- or 64-bit lengths; a ping is answered with a masked pong.
 *   original  the original classroom server (../shared/seed/servidor.py): the nickname sent as
 *         bare bytes with no line end, each message one write of bare bytes; the server sends
 *         "nick >> text" with no line end, merged at will, so receivers find the payload
 *         anywhere in the stream (as in resp). Run it with --window 1 (one message in flight
 *         per sender, so the server's one recv is one message). Before closing, every
 *         connection sends "sair" (a closed connection makes that server spin).
 *   ncat  `ncat --chat`: no registration; messages are lines, received as "<userN> text" lines
 *         (a read's lines after its first come without the prefix; the payload still ends
 *         each line).
 * Registration: ncat, at the connection's first "<announce>" line (ncat accepted it); the
 * original, once another connection hears "NICK entrou no chat." or it hears a join itself.
 * Once all registered, the generator waits until the join announcements stop (no byte read
 * for 0.3 s, bounded by --connect-timeout) before it starts sending or reports idle
 * registration. Both listen with small backlogs (ncat 10): keep --pending under them.
 * In papo and irc the senders are the first --senders of the --clients, all in one room, and
 * each message is expected at every client but its sender.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum proto { P_PAPO, P_IRC, P_RESP, P_WS, P_ORIG, P_NCAT };
enum role { ROLE_CHAT, ROLE_SUB, ROLE_PUB };
enum state { ST_CONNECTING, ST_UPGRADE, ST_GREETING, ST_WELCOME, ST_JOINING, ST_READY, ST_CLOSED };
/* K_MAIN: the measured clients. K_SLOW (--slow): registers, then never reads. K_CHURN (--churn):
   registers, then closes at once. Neither extra kind is a sender or a receiver. */
enum kind { K_MAIN, K_SLOW, K_CHURN };

#define PAYLOAD_LEN 23 /* '~' + 4 + 6 + 12 hex */
#define MAGIC '~'
#define READ_CHUNK (256 * 1024)
#define RBUF_SIZE (1024 * 1024)
#define CARRY_MAX (RBUF_SIZE - READ_CHUNK)

struct conn {
  int fd;
  int idx;    /* index among all connections (slow and churn ones numbered after the main ones) */
  int kind;
  int role;
  int state;
  int sender; /* sender index, or -1 */
  int recv;   /* receiver index, or -1 */
  bool want_out;
  char *carry;
  size_t carry_len, carry_cap;
  char *out;
  size_t out_len, out_off, out_cap;
  uint64_t *seen; /* receivers: one bit per (sender, sequence) */
  uint64_t t_start; /* churn: when its connect began */
};

struct sender {
  struct conn *c;
  uint32_t next_seq; /* messages sent */
  uint32_t inflight;
  int ack_recv;      /* receiver index whose sighting acknowledges */
  bool dirty;
};

/* ---- options ---- */
static int o_proto = P_PAPO;
static int o_port = 0;
static int o_clients = 100;
static int o_senders = 10;
static uint32_t o_messages = 10000;
static uint32_t o_window = 64;
static double o_duration = 60;
static double o_drain = 10;
static double o_connect_timeout = 60;
static int o_pending_max = 100;
static int o_size = 0;
static const char *o_channel = NULL;
static const char *o_nick_prefix = "lg";
static int o_watch_pid = 0;
static int o_idle = 0;       /* --idle N: register N connections and hold them, no messages */
static double o_hold = 10;   /* --hold SEC: how long the idle connections are held */
static bool o_idle_join = true; /* --idle-join 0: IRC idle connections register (001) and join no channel */
static double o_rate = 0;    /* --rate M: open loop, M messages/s across the senders (0: closed loop) */
static int o_slow = 0;       /* --slow N: N extra clients that register, then never read */
static int o_slow_rcvbuf = 4096;  /* --slow-rcvbuf BYTES: their SO_RCVBUF, set before connect */
static double o_slow_drain = 5;   /* --slow-drain SEC: at most this long to learn if they were cut off */
static double o_churn = 0;   /* --churn R: R connections/s opened, registered and closed while sending */
static int o_churn_pending = 32;  /* --churn-pending K: at most K churn connections in flight */
static double o_churn_timeout = 10; /* a churn connection not registered by then is given up */

/* ---- state ---- */
static int ep = -1;
static struct conn *conns;
static int nconns;
static struct sender *senders;
static int nreceivers;
static int recv_per_msg;
static uint64_t words_per_recv;
static char *rbuf;
static uint64_t t_base;
static struct sender **dirty;
static int ndirty;
static bool sending = false, sending_over = false;
static int n_ready = 0, n_started = 0, n_pending = 0;

static uint64_t deliveries = 0, duplicates = 0, invalid = 0, echoes = 0, sent_total = 0;
static uint64_t t_run_start = 0, t_last_delivery = 0, t_send_end = 0;
static uint64_t notices = 0;
static uint64_t t_last_read = 0; /* when anything was last read (the baselines' settle) */
static uint64_t n_reads = 0, n_read_bytes = 0, n_writes = 0, n_wakeups = 0;
static int next_extra_idx;   /* the next index (and nickname) for a slow or churn connection */

/* open loop: message k (over all senders) is due at t_run_start + k / rate, from sender k % S */
static uint64_t ol_next = 0, ol_planned = 0;
static uint64_t send_lag_max = 0;
static double send_lag_sum = 0;

/* --slow */
static struct conn *slow_conns;
static int slow_registered = 0, slow_rcvbuf_actual = 0;

/* --churn: a pool of --churn-pending slots, reused */
static struct conn *churn_conns;
static uint64_t churn_started = 0, churn_opened = 0, churn_registered = 0, churn_closed = 0, churn_failed = 0,
                churn_timed_out = 0, churn_abandoned = 0;
static int churn_inflight = 0;
static uint64_t churn_cap = 0;
static uint64_t *churn_reg_ns; /* registration times (connect to registered), up to churn_cap */
static uint64_t churn_reg_n = 0;
static uint64_t t_churn_last = 0;

/* ---- errors: distinct messages with counts ---- */
#define MAX_ERRORS 32
static struct { char msg[200]; uint64_t count; } errors[MAX_ERRORS];
static int nerrors = 0;
static uint64_t errors_dropped = 0;

static void err_add(const char *fmt, ...) {
  char buf[200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  for (int i = 0; i < nerrors; i++) {
    if (strcmp(errors[i].msg, buf) == 0) {
      errors[i].count++;
      return;
    }
  }
  if (nerrors == MAX_ERRORS) {
    errors_dropped++;
    return;
  }
  strcpy(errors[nerrors].msg, buf);
  errors[nerrors].count = 1;
  nerrors++;
}

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("loadgen: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

static inline uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
static inline uint64_t now_rel(void) { return now_ns() - t_base; }

/* ---- latency histogram: exact below 64 ns, then 32 sub-buckets per power of two (~3%) ---- */
#define HBUCKETS (64 + 58 * 32)
static uint64_t hist[HBUCKETS];
static uint64_t lat_max = 0, lat_count = 0;
static double lat_sum = 0;

static inline int hbucket(uint64_t v) {
  if (v < 64) return (int)v;
  int msb = 63 - __builtin_clzll(v);
  return 64 + (msb - 6) * 32 + (int)((v >> (msb - 5)) & 31);
}
static double hbucket_mid(int b) {
  if (b < 64) return b;
  int msb = (b - 64) / 32 + 6, sub = (b - 64) % 32;
  double lo = (double)((uint64_t)(32 + sub) << (msb - 5));
  double width = (double)(1ull << (msb - 5));
  return lo + width / 2;
}
static double percentile_us(double p) {
  if (lat_count == 0) return 0;
  uint64_t rank = (uint64_t)(p * (double)lat_count);
  if (rank >= lat_count) rank = lat_count - 1;
  uint64_t acc = 0;
  for (int b = 0; b < HBUCKETS; b++) {
    acc += hist[b];
    if (acc > rank) {
      double v = hbucket_mid(b);
      if (v > (double)lat_max) v = (double)lat_max;
      return v / 1000.0;
    }
  }
  return (double)lat_max / 1000.0;
}

/* ---- hex ---- */
static int8_t hexv[256];
static const char hexd[] = "0123456789abcdef";

static inline void put_hex(char *p, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; i--) {
    p[i] = hexd[v & 15];
    v >>= 4;
  }
}
static inline bool get_hex(const unsigned char *p, int n, uint64_t *out) {
  uint64_t v = 0;
  int bad = 0;
  for (int i = 0; i < n; i++) {
    int8_t d = hexv[p[i]];
    bad |= d;
    v = (v << 4) | (uint64_t)(d & 15);
  }
  *out = v;
  return bad >= 0;
}

/* ---- output buffers ---- */
static void out_reserve(struct conn *c, size_t more) {
  if (c->out_off > 0 && c->out_off == c->out_len) c->out_off = c->out_len = 0;
  if (c->out_len + more <= c->out_cap) return;
  if (c->out_off > 0) {
    memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
    c->out_len -= c->out_off;
    c->out_off = 0;
    if (c->out_len + more <= c->out_cap) return;
  }
  size_t cap = c->out_cap ? c->out_cap : 4096;
  while (cap < c->out_len + more) cap *= 2;
  c->out = realloc(c->out, cap);
  if (!c->out) die("out of memory");
  c->out_cap = cap;
}
static void out_put(struct conn *c, const char *s, size_t n) {
  out_reserve(c, n);
  memcpy(c->out + c->out_len, s, n);
  c->out_len += n;
}
static void out_str(struct conn *c, const char *s) { out_put(c, s, strlen(s)); }

/* Error messages name the extra connections' kind, so that theirs are told from the main ones'. */
static const char *who(const struct conn *c) { return c->kind == K_SLOW ? "slow client: " : c->kind == K_CHURN ? "churn: " : ""; }

static bool churn_ending = false; /* the run is over: churn connections still in flight are abandoned */

static void conn_close(struct conn *c) {
  if (c->state == ST_CLOSED) return;
  if (c->kind == K_MAIN) {
    if (c->state == ST_READY) n_ready--;
    else n_pending--; /* connecting or registering */
  } else if (c->kind == K_CHURN) {
    churn_inflight--;
    if (c->state == ST_READY) churn_closed++;
    else if (churn_ending) churn_abandoned++;
    else churn_failed++;
  }
  c->state = ST_CLOSED;
  if (c->fd >= 0) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
  }
  c->fd = -1;
}

static void set_events(struct conn *c, bool want_out) {
  if (c->want_out == want_out) return;
  struct epoll_event ev = { .events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c };
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
  c->want_out = want_out;
}

/* Writes what is queued; returns false if the connection failed. */
static bool flush_out(struct conn *c) {
  while (c->out_off < c->out_len) {
    ssize_t n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
    n_writes++;
    if (n > 0) {
      c->out_off += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      set_events(c, true);
      return true;
    }
    err_add("%swrite failed: %s", who(c), strerror(errno));
    conn_close(c);
    return false;
  }
  c->out_off = c->out_len = 0;
  set_events(c, false);
  return true;
}

/* ---- naming ---- */
static void nick_of(struct conn *c, char *buf, size_t n) { snprintf(buf, n, "%s%d", o_nick_prefix, c->idx); }

static void mark_ready(struct conn *c) {
  c->state = ST_READY;
  if (c->kind == K_MAIN) {
    n_pending--;
    n_ready++;
  } else if (c->kind == K_SLOW) {
    /* registered: from now on it never reads, so what the server sends it piles up in its
       small receive buffer and then in the server's own queue */
    slow_registered++;
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
  } else {
    /* churn: registered, so closed at once */
    uint64_t t = now_rel();
    churn_registered++;
    if (churn_reg_n < churn_cap) churn_reg_ns[churn_reg_n++] = t - c->t_start;
    t_churn_last = t;
    conn_close(c);
  }
}

/* ---- WebSocket client frames: always masked (RFC 6455 §5.3) ---- */
static const unsigned char ws_mask[4] = { 0x37, 0xfa, 0x21, 0x3d };

/* The size of a masked client frame carrying n bytes. */
static size_t ws_frame_len(size_t n) { return (n < 126 ? 2 : n <= 0xffff ? 4 : 10) + 4 + n; }

/* Writes a masked frame (FIN set) at p; returns its length. */
static size_t ws_frame_at(char *p, int opcode, const char *data, size_t n) {
  unsigned char *h = (unsigned char *)p;
  size_t k = 0;
  h[k++] = (unsigned char)(0x80 | opcode);
  if (n < 126) h[k++] = (unsigned char)(0x80 | n);
  else if (n <= 0xffff) {
    h[k++] = 0x80 | 126;
    h[k++] = (unsigned char)(n >> 8);
    h[k++] = (unsigned char)n;
  } else {
    h[k++] = 0x80 | 127;
    for (int i = 7; i >= 0; i--) h[k++] = (unsigned char)((uint64_t)n >> (8 * i));
  }
  memcpy(h + k, ws_mask, 4);
  k += 4;
  for (size_t i = 0; i < n; i++) h[k + i] = (unsigned char)data[i] ^ ws_mask[i & 3];
  return k + n;
}

static void out_ws_frame(struct conn *c, int opcode, const char *data, size_t n) {
  out_reserve(c, ws_frame_len(n));
  c->out_len += ws_frame_at(c->out + c->out_len, opcode, data, n);
}

/* {"type":"line","text":"<text>"}: text must need no JSON escaping */
static void out_ws_line(struct conn *c, const char *text) {
  char buf[512];
  int n = snprintf(buf, sizeof buf, "{\"type\":\"line\",\"text\":\"%s\"}", text);
  if (n < 0 || (size_t)n >= sizeof buf) die("line too long for a frame");
  out_ws_frame(c, 0x1, buf, (size_t)n);
}

#define WS_LINE_PRE "{\"type\":\"line\",\"text\":\""
#define WS_LINE_POST "\"}"
static char *ws_scratch; /* one message's JSON, before masking */

/* ---- sending ---- */
static void mark_dirty(struct sender *s) {
  if (!s->dirty) {
    s->dirty = true;
    dirty[ndirty++] = s;
  }
}

static size_t msg_prefix(char *buf) {
  switch (o_proto) {
  case P_IRC: return (size_t)sprintf(buf, "PRIVMSG %s :", o_channel);
  case P_RESP: {
    size_t body = (size_t)(o_size > PAYLOAD_LEN ? o_size : PAYLOAD_LEN);
    return (size_t)sprintf(buf, "*3\r\n$7\r\nPUBLISH\r\n$%zu\r\n%s\r\n$%zu\r\n", strlen(o_channel), o_channel, body);
  }
  default: return 0;
  }
}
static char msg_pre[256];
static size_t msg_pre_len;
static const char *msg_post;
static size_t msg_post_len;

/* Queues n messages from sender s, stamped t; the caller flushes. */
static void append_msgs(struct sender *s, uint32_t n, uint64_t t) {
  struct conn *c = s->c;
  size_t pad = o_size > PAYLOAD_LEN ? (size_t)(o_size - PAYLOAD_LEN) : 0;
  int sidx = (int)(s - senders);
  if (o_proto == P_WS) {
    /* one masked text frame per message, all written at once */
    size_t body = strlen(WS_LINE_PRE) + pad + PAYLOAD_LEN + strlen(WS_LINE_POST);
    size_t one = ws_frame_len(body);
    out_reserve(c, one * n);
    char *p = c->out + c->out_len;
    char *m = ws_scratch + strlen(WS_LINE_PRE) + pad;
    for (uint32_t i = 0; i < n; i++) {
      *m = MAGIC;
      put_hex(m + 1, (uint64_t)sidx, 4);
      put_hex(m + 5, s->next_seq, 6);
      put_hex(m + 11, t, 12);
      p += ws_frame_at(p, 0x1, ws_scratch, body);
      s->next_seq++;
      s->inflight++;
    }
    c->out_len += one * n;
    sent_total += n;
    return;
  }
  size_t one = msg_pre_len + pad + PAYLOAD_LEN + msg_post_len;
  out_reserve(c, one * n);
  char *p = c->out + c->out_len;
  for (uint32_t i = 0; i < n; i++) {
    memcpy(p, msg_pre, msg_pre_len);
    p += msg_pre_len;
    memset(p, 'x', pad);
    p += pad;
    *p = MAGIC;
    put_hex(p + 1, (uint64_t)sidx, 4);
    put_hex(p + 5, s->next_seq, 6);
    put_hex(p + 11, t, 12);
    p += PAYLOAD_LEN;
    memcpy(p, msg_post, msg_post_len);
    p += msg_post_len;
    s->next_seq++;
    s->inflight++;
  }
  c->out_len += one * n;
  sent_total += n;
}

/* Closed loop: tops the sender's window up, in one write. */
static void fill_window(struct sender *s, uint64_t t) {
  struct conn *c = s->c;
  if (c->state != ST_READY) return;
  uint32_t room = o_window > s->inflight ? o_window - s->inflight : 0;
  uint32_t left = o_messages - s->next_seq;
  uint32_t n = room < left ? room : left;
  if (n == 0) return;
  append_msgs(s, n, t);
  flush_out(c);
}

/* ---- receiving ---- */
static inline void on_payload(struct conn *c, const unsigned char *m, uint64_t t) {
  if (c->kind != K_MAIN) return; /* slow and churn clients are no receivers */
  uint64_t sid, seq, ts;
  if (!get_hex(m + 1, 4, &sid) || !get_hex(m + 5, 6, &seq) || !get_hex(m + 11, 12, &ts)) {
    invalid++;
    return;
  }
  if (c->recv < 0 || sid >= (uint64_t)o_senders || seq >= senders[sid].next_seq) {
    invalid++;
    return;
  }
  if (c->sender == (int)sid) {
    echoes++;
    return;
  }
  uint64_t bit = sid * o_messages + seq;
  uint64_t *w = &c->seen[bit >> 6];
  uint64_t mask = 1ull << (bit & 63);
  if (*w & mask) {
    duplicates++;
    return;
  }
  *w |= mask;
  deliveries++;
  t_last_delivery = t;
  uint64_t lat = t > ts ? t - ts : 0;
  hist[hbucket(lat)]++;
  lat_count++;
  lat_sum += (double)lat;
  if (lat > lat_max) lat_max = lat;
  struct sender *s = &senders[sid];
  if (s->ack_recv == c->recv) {
    s->inflight--;
    if (sending && o_rate <= 0) mark_dirty(s); /* the open loop sends by the clock instead */
  }
}

static bool starts(const char *p, size_t n, const char *lit) {
  size_t k = strlen(lit);
  return n >= k && memcmp(p, lit, k) == 0;
}
static bool contains(const char *p, size_t n, const char *lit) { return memmem(p, n, lit, strlen(lit)) != NULL; }

/* The IRC numeric of a line ":server NNN ...", or -1. */
static int irc_numeric(const char *p, size_t n) {
  if (n == 0 || p[0] != ':') return -1;
  const char *sp = memchr(p, ' ', n);
  if (!sp || (size_t)(sp - p) + 4 > n) return -1;
  if (sp[1] >= '0' && sp[1] <= '9' && sp[2] >= '0' && sp[2] <= '9' && sp[3] >= '0' && sp[3] <= '9')
    return (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
  return -1;
}

static void handle_line(struct conn *c, const char *p, size_t n, uint64_t t) {
  if (c->state == ST_READY) {
    if (n >= PAYLOAD_LEN && p[n - PAYLOAD_LEN] == MAGIC) {
      on_payload(c, (const unsigned char *)p + n - PAYLOAD_LEN, t);
      return;
    }
    if (o_proto == P_IRC && starts(p, n, "PING")) {
      out_str(c, "PONG");
      out_put(c, p + 4, n - 4);
      out_str(c, "\r\n");
      flush_out(c);
    } else if (o_proto == P_IRC && starts(p, n, "ERROR")) {
      err_add("irc: %.*s", (int)(n > 120 ? 120 : n), p);
    } else if (o_proto == P_PAPO && starts(p, n, "*** ")) {
      if (o_idle) return; /* others' joins, while idle */
      notices++;
      if (notices <= 3) err_add("papo notice: %.*s", (int)(n > 120 ? 120 : n), p);
    } else if (o_proto == P_RESP && n > 0 && p[0] == '-') {
      err_add("redis: %.*s", (int)(n > 120 ? 120 : n), p);
    }
    return;
  }
  char nick[64];
  switch (o_proto) {
  case P_PAPO:
    if (c->state == ST_GREETING) {
      if (contains(p, n, "(papo/1)")) {
        nick_of(c, nick, sizeof nick);
        out_str(c, nick);
        out_str(c, "\n");
        flush_out(c);
        c->state = ST_WELCOME;
      }
    } else if (c->state == ST_WELCOME) {
      if (starts(p, n, "*** ")) {
        if (n > 0 && p[n - 1] == ':') {
          err_add("papo refused the nickname: %.*s", (int)(n > 120 ? 120 : n), p);
          conn_close(c);
        } else {
          mark_ready(c);
        }
      }
    }
    break;
  case P_IRC: {
    if (starts(p, n, "PING")) {
      out_str(c, "PONG");
      out_put(c, p + 4, n - 4);
      out_str(c, "\r\n");
      flush_out(c);
      return;
    }
    if (starts(p, n, "ERROR")) {
      err_add("irc: %.*s", (int)(n > 120 ? 120 : n), p);
      return;
    }
    int num = irc_numeric(p, n);
    if (c->state == ST_WELCOME && num == 1 && o_idle > 0 && !o_idle_join) {
      mark_ready(c); /* --idle-join 0: registered is enough */
    } else if (c->state == ST_WELCOME && num == 1) {
      out_str(c, "JOIN ");
      out_str(c, o_channel);
      out_str(c, "\r\n");
      flush_out(c);
      c->state = ST_JOINING;
    } else if (c->state == ST_JOINING && num == 366) {
      mark_ready(c);
    } else if (num == 433 || num == 432 || num == 465 || num == 471 || num == 473 || num == 474 || num == 475) {
      err_add("irc refused: %.*s", (int)(n > 120 ? 120 : n), p);
      conn_close(c);
    }
    break;
  }
  case P_NCAT: /* accepted: ncat announces every connection, to the new one too */
    if (starts(p, n, "<announce>")) mark_ready(c);
    break;
  case P_RESP:
    if (c->state == ST_WELCOME && starts(p, n, "subscribe")) {
      mark_ready(c);
    } else if (n > 0 && p[0] == '-') {
      err_add("redis: %.*s", (int)(n > 120 ? 120 : n), p);
    }
    break;
  }
}

/* One complete text frame from papo's WebSocket door: one JSON event. */
static void ws_event(struct conn *c, const char *p, size_t n, uint64_t t) {
  if (c->state == ST_READY) {
    /* a said event: its text ends with the payload (the nicknames hold no MAGIC) */
    const char *m = memchr(p, MAGIC, n);
    if (m && (size_t)(p + n - m) >= PAYLOAD_LEN) {
      on_payload(c, (const unsigned char *)m, t);
      return;
    }
    if (contains(p, n, "\"type\":\"error\"")) err_add("papo error event: %.*s", (int)(n > 120 ? 120 : n), p);
    return;
  }
  if (contains(p, n, "\"type\":\"error\"")) {
    err_add("papo error event during registration: %.*s", (int)(n > 120 ? 120 : n), p);
    conn_close(c);
    return;
  }
  if (c->state == ST_GREETING && contains(p, n, "\"type\":\"hello\"")) {
    char nick[64];
    nick_of(c, nick, sizeof nick);
    out_ws_line(c, nick);
    flush_out(c);
    c->state = ST_WELCOME;
  } else if (c->state == ST_WELCOME && contains(p, n, "\"type\":\"welcome\"")) {
    mark_ready(c);
  }
}

/* The WebSocket side of process(): the 101 response, then frames. */
static size_t ws_process(struct conn *c, char *buf, size_t len, uint64_t t) {
  char *p = buf, *end = buf + len;
  if (c->state == ST_UPGRADE) {
    char *hdr_end = memmem(p, len, "\r\n\r\n", 4);
    if (!hdr_end) {
      if (len > 16384) {
        err_add("websocket: no end to the upgrade response");
        conn_close(c);
        return len;
      }
      return 0;
    }
    if (!starts(p, len, "HTTP/1.1 101")) {
      char *eol = memchr(p, '\r', len);
      size_t k = eol ? (size_t)(eol - p) : len;
      err_add("websocket upgrade refused: %.*s", (int)(k > 120 ? 120 : k), p);
      conn_close(c);
      return len;
    }
    p = hdr_end + 4;
    c->state = ST_GREETING; /* waiting for the hello event */
  }
  while (end - p >= 2) {
    unsigned char *h = (unsigned char *)p;
    int fin = h[0] & 0x80, opcode = h[0] & 0x0f;
    bool masked = (h[1] & 0x80) != 0;
    uint64_t plen = h[1] & 0x7f;
    size_t hl = 2;
    if (plen == 126) {
      if (end - p < 4) break;
      plen = ((uint64_t)h[2] << 8) | h[3];
      hl = 4;
    } else if (plen == 127) {
      if (end - p < 10) break;
      plen = 0;
      for (int i = 0; i < 8; i++) plen = (plen << 8) | h[2 + i];
      hl = 10;
    }
    if (masked) hl += 4;
    if (plen > CARRY_MAX - hl) {
      err_add("websocket: a frame of %llu bytes, more than the generator keeps", (unsigned long long)plen);
      conn_close(c);
      return len;
    }
    if ((size_t)(end - p) < hl + plen) break; /* the rest of the frame comes later */
    char *data = p + hl;
    if (masked) {
      /* servers must not mask; unmask anyway, and note it */
      const unsigned char *mk = h + hl - 4;
      for (uint64_t i = 0; i < plen; i++) data[i] ^= (char)mk[i & 3];
      err_add("websocket: the server sent a masked frame");
    }
    if (!fin && opcode >= 0x8) err_add("websocket: a fragmented control frame");
    switch (opcode) {
    case 0x0: /* continuation: papo sends whole frames; scan it as text anyway */
    case 0x1: ws_event(c, data, (size_t)plen, t); break;
    case 0x2: err_add("websocket: a binary frame"); break;
    case 0x8: {
      unsigned code = plen >= 2 ? ((unsigned)(unsigned char)data[0] << 8) | (unsigned char)data[1] : 0;
      size_t rl = plen > 2 ? (size_t)plen - 2 : 0;
      err_add("websocket closed by the server: %u %.*s (%s)", code, (int)(rl > 100 ? 100 : rl), data + 2,
              c->state == ST_READY ? "while running" : "during registration");
      conn_close(c);
      return len;
    }
    case 0x9: /* ping: pong with the same payload */
      out_ws_frame(c, 0xA, data, (size_t)plen);
      flush_out(c);
      break;
    case 0xA: break;
    default: err_add("websocket: opcode %d", opcode);
    }
    p = data + plen;
    if (c->state == ST_CLOSED) return len;
  }
  return (size_t)(p - buf);
}

static size_t orig_process(struct conn *c, char *buf, size_t len, uint64_t t);

/* Processes buf[0..len); returns how many bytes were used (the rest is carried). */
static size_t process(struct conn *c, char *buf, size_t len, uint64_t t) {
  if (o_proto == P_WS) return ws_process(c, buf, len, t);
  if (o_proto == P_ORIG) return orig_process(c, buf, len, t);
  char *p = buf, *end = buf + len;
  if (c->state == ST_READY && c->role == ROLE_SUB) {
    /* RESP pushes: the payload is a bulk string anywhere in the stream */
    for (;;) {
      char *m = memchr(p, MAGIC, (size_t)(end - p));
      if (!m) return len;
      if (end - m < PAYLOAD_LEN) return (size_t)(m - buf);
      on_payload(c, (const unsigned char *)m, t);
      p = m + 1;
    }
  }
  while (p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) break;
    size_t n = (size_t)(nl - p);
    if (n > 0 && p[n - 1] == '\r') n--;
    int before = c->state;
    handle_line(c, p, n, t);
    p = nl + 1;
    if (c->state == ST_CLOSED) return len;
    if (before != ST_READY && c->state == ST_READY && c->role == ROLE_SUB) return (size_t)(p - buf) + process(c, p, (size_t)(end - p), t);
  }
  return (size_t)(p - buf);
}

static void on_readable(struct conn *c) {
  size_t have = c->carry_len;
  if (have) memcpy(rbuf, c->carry, have);
  ssize_t n;
  do n = read(c->fd, rbuf + have, READ_CHUNK);
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    err_add("%sread failed: %s", who(c), strerror(errno));
    conn_close(c);
    return;
  }
  if (n == 0) {
    err_add("%sconnection closed by the server (%s)", who(c), c->state == ST_READY ? "while running" : "during registration");
    conn_close(c);
    return;
  }
  uint64_t t = now_rel();
  t_last_read = t;
  n_reads++;
  n_read_bytes += (uint64_t)n;
  size_t total = have + (size_t)n;
  size_t used = process(c, rbuf, total, t);
  if (c->state == ST_CLOSED) return;
  size_t rest = total - used;
  if (rest > CARRY_MAX) {
    /* a line longer than we keep: drop it (never a payload line) */
    rest = 0;
  }
  if (rest > c->carry_cap) {
    size_t cap = c->carry_cap ? c->carry_cap : 256;
    while (cap < rest) cap *= 2;
    c->carry = realloc(c->carry, cap);
    if (!c->carry) die("out of memory");
    c->carry_cap = cap;
  }
  if (rest) memcpy(c->carry, rbuf + used, rest);
  c->carry_len = rest;
}

/* ---- baselines (issue 6): the original Python server and ncat --chat ---- */
static void on_event(struct conn *c, uint32_t evs);

/* Neither has a registration reply. ncat: ready at its first "<announce>" line (ncat has
   accepted it: a connection still in the listen backlog is connected but hears nothing).
   The original server gets the nickname, as bare bytes in one write (it reads it with one
   recv(50)); the connection is ready once another one hears "NICK entrou no chat." (the
   server read the nickname), or once it hears anyone's join itself (it is in the server's
   list: the first one accepted has nobody to announce it to). */
static void baseline_connected(struct conn *c) {
  if (o_proto == P_ORIG) {
    char nick[64];
    nick_of(c, nick, sizeof nick);
    out_str(c, nick);
  }
  c->state = ST_WELCOME;
  if (c->out_len > c->out_off) flush_out(c);
  else set_events(c, false);
}

#define ORIG_JOIN " entrou no chat."
#define ORIG_KEEP 64 /* bytes carried between reads: a partial payload, or nickname and join */

/* The original server's output: "nick >> text", "nick entrou no chat.", "nick saiu do chat."
   with no line ends, merged or split at will. Payloads and joins are found anywhere; what
   follows the last one found is carried, up to ORIG_KEEP bytes, so each is seen once. */
static size_t orig_process(struct conn *c, char *buf, size_t len, uint64_t t) {
  char *end = buf + len, *done = buf;
  size_t plen = strlen(o_nick_prefix), jlen = strlen(ORIG_JOIN);
  if (c->state == ST_READY) {
    for (char *p = buf;;) {
      char *m = memchr(p, MAGIC, (size_t)(end - p));
      if (!m || end - m < PAYLOAD_LEN) break;
      on_payload(c, (const unsigned char *)m, t);
      p = m + 1;
      done = m + PAYLOAD_LEN;
    }
  }
  for (char *p = buf;;) {
    char *j = memmem(p, (size_t)(end - p), ORIG_JOIN, jlen);
    if (!j) break;
    /* "<prefix><index>" just before it */
    char *d = j;
    while (d > p && d[-1] >= '0' && d[-1] <= '9' && j - d < 9) d--;
    if (d < j && (size_t)(d - p) >= plen && memcmp(d - plen, o_nick_prefix, plen) == 0) {
      long idx = strtol(d, NULL, 10);
      if (idx >= 0 && idx < nconns && conns[idx].state == ST_WELCOME) mark_ready(&conns[idx]);
    }
    if (c->state == ST_WELCOME) mark_ready(c);
    p = j + jlen;
    if (p > done) done = p;
  }
  size_t used = (size_t)(done - buf);
  if (len - used > ORIG_KEEP) used = len - ORIG_KEEP;
  return used;
}

/* After everyone connected: wait until the join announcements stop (nothing read for 0.3 s,
   at least 0.3 s in all), so that the original server has read every nickname before the
   first message, bounded by the registration deadline. */
static void baseline_settle(struct epoll_event *evs, uint64_t deadline) {
  const uint64_t quiet = 300000000ull;
  uint64_t start = now_rel();
  for (;;) {
    uint64_t t = now_rel();
    uint64_t last = t_last_read > start ? t_last_read : start;
    if (t - last >= quiet) return;
    if (t > deadline) {
      err_add("join announcements still arriving when the registration time (%.0f s) ran out", o_connect_timeout);
      return;
    }
    int n = epoll_wait(ep, evs, 1024, 50);
    for (int i = 0; i < n; i++) on_event(evs[i].data.ptr, evs[i].events);
  }
}

/* The original server notices no closed connection (recv returns b'' and it relays an empty
   message in a loop): say "sair" first, in its own write, then give it 0.2 s. */
static void baseline_goodbye(struct epoll_event *evs) {
  for (int i = 0; i < nconns; i++) {
    struct conn *c = &conns[i];
    if (c->state != ST_READY) continue;
    c->out_off = c->out_len = 0; /* nothing else may merge with it */
    out_str(c, "sair");
    flush_out(c);
  }
  uint64_t end = now_rel() + 200000000ull;
  while (now_rel() < end) {
    int n = epoll_wait(ep, evs, 1024, 50);
    for (int i = 0; i < n; i++) on_event(evs[i].data.ptr, evs[i].events);
  }
}
/* ---- end of the baselines' block ---- */

static void on_connected(struct conn *c) {
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err) {
    err_add("%sconnect failed: %s", who(c), strerror(err));
    conn_close(c);
    return;
  }
  if (c->kind == K_CHURN) churn_opened++;
  char nick[64], line[256];
  nick_of(c, nick, sizeof nick);
  switch (o_proto) {
  case P_PAPO: c->state = ST_GREETING; break;
  case P_WS:
    snprintf(line, sizeof line,
             "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
             o_port);
    out_str(c, line);
    c->state = ST_UPGRADE;
    break;
  case P_IRC:
    snprintf(line, sizeof line, "NICK %s\r\nUSER %s 0 * :%s\r\n", nick, nick, nick);
    out_str(c, line);
    c->state = ST_WELCOME;
    break;
  case P_ORIG:
  case P_NCAT: baseline_connected(c); return;
  case P_RESP:
    if (c->role == ROLE_PUB) {
      c->state = ST_WELCOME;
      mark_ready(c);
    } else {
      snprintf(line, sizeof line, "*2\r\n$9\r\nSUBSCRIBE\r\n$%zu\r\n%s\r\n", strlen(o_channel), o_channel);
      out_str(c, line);
      c->state = ST_WELCOME;
    }
    break;
  }
  if (c->out_len > c->out_off) flush_out(c); /* sets the events it needs */
  else set_events(c, false);
}

static void start_connect(struct conn *c) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) die("socket: %s", strerror(errno));
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (c->kind == K_SLOW) {
    /* before connect, so that the window it offers is small from the start: the kernel can
       then hold little for it, and the server's own queue is what fills */
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &o_slow_rcvbuf, sizeof o_slow_rcvbuf);
    socklen_t len = sizeof slow_rcvbuf_actual;
    getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &slow_rcvbuf_actual, &len);
  }
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)o_port) };
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* 127.0.0.1 only */
  c->fd = fd;
  c->state = ST_CONNECTING;
  c->carry_len = 0;
  c->out_len = c->out_off = 0;
  if (c->kind == K_MAIN) {
    n_pending++;
    n_started++;
  } else if (c->kind == K_CHURN) {
    churn_inflight++;
    churn_started++;
    c->t_start = now_rel();
  }
  struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = c };
  c->want_out = true;
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl: %s", strerror(errno));
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS) {
    err_add("%sconnect failed: %s", who(c), strerror(errno));
    conn_close(c);
  }
}

static void on_event(struct conn *c, uint32_t evs) {
  if (c->state == ST_CLOSED) return;
  if (c->state == ST_CONNECTING) {
    if (evs & (EPOLLOUT | EPOLLERR | EPOLLHUP)) {
      /* promote to a registration state; n_pending stays counted until ready */
      on_connected(c);
    }
    return;
  }
  if (evs & EPOLLOUT) {
    if (!flush_out(c)) return;
  }
  if (evs & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(c);
}

/* ---- the open loop ---- */

/* Sends every message due by t: message k is due at k / rate, from sender k % S, whatever was
   acknowledged; each is stamped when it is written, and how late that was is kept apart. */
static void open_loop_send(uint64_t t) {
  uint64_t due = (uint64_t)((double)(t - t_run_start) * o_rate / 1e9) + 1;
  if (due > ol_planned) due = ol_planned;
  for (; ol_next < due; ol_next++) {
    struct sender *s = &senders[ol_next % (uint64_t)o_senders];
    uint64_t at = t_run_start + (uint64_t)((double)ol_next * 1e9 / o_rate);
    uint64_t lag = t > at ? t - at : 0;
    if (lag > send_lag_max) send_lag_max = lag;
    send_lag_sum += (double)lag;
    if (s->c->state != ST_READY || s->next_seq >= o_messages) continue;
    append_msgs(s, 1, t);
    mark_dirty(s);
  }
  for (int i = 0; i < ndirty; i++) {
    dirty[i]->dirty = false;
    if (dirty[i]->c->state == ST_READY) flush_out(dirty[i]->c);
  }
  ndirty = 0;
}

/* ---- churn: connections opened, registered and closed while the main load runs ---- */

/* Starts the churn connections due by t (R a second from t_run_start), as many as the pool has
   free slots for; gives up those not registered within o_churn_timeout. */
static void churn_tick(uint64_t t) {
  for (int i = 0; i < o_churn_pending; i++) {
    struct conn *c = &churn_conns[i];
    if (c->state != ST_CLOSED && t - c->t_start > (uint64_t)(o_churn_timeout * 1e9)) {
      churn_timed_out++;
      err_add("churn: not registered within %.0f s", o_churn_timeout);
      conn_close(c);
    }
  }
  if (!sending) return;
  uint64_t due = (uint64_t)((double)(t - t_run_start) * o_churn / 1e9) + 1;
  if (due > churn_cap) due = churn_cap;
  for (int i = 0; i < o_churn_pending && churn_started < due && churn_inflight < o_churn_pending; i++) {
    struct conn *c = &churn_conns[i];
    if (c->state != ST_CLOSED) continue;
    c->idx = next_extra_idx++;
    start_connect(c);
  }
}

/* When the next churn connection is due, relative to now; 0 if overdue. */
static uint64_t churn_wait_ns(uint64_t t) {
  if (!sending || churn_started >= churn_cap || churn_inflight >= o_churn_pending) return UINT64_MAX;
  uint64_t at = t_run_start + (uint64_t)((double)churn_started * 1e9 / o_churn);
  return at > t ? at - t : 0;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* ---- slow clients: were they cut off? ---- */

enum slow_end { SLOW_UNREGISTERED, SLOW_EOF, SLOW_RESET, SLOW_ERROR, SLOW_OPEN, SLOW_STILL_SENDING };
static const char *slow_end_name[] = { "not registered", "closed by the server (EOF)", "reset by the server",
                                       "read error", "open: nothing more came", "open: still receiving at the time limit" };
static int *slow_end;
static uint64_t slow_drained = 0;

/* Reads what waited for each slow client (non-blocking, bounded by o_slow_drain seconds in
   all): EOF or a reset means the server closed it; a quiet half second, or data still coming
   at the limit, means it is open. */
static void slow_finish(void) {
  uint64_t deadline = now_rel() + (uint64_t)(o_slow_drain * 1e9);
  for (int i = 0; i < o_slow; i++) {
    struct conn *c = &slow_conns[i];
    if (c->state != ST_READY) {
      slow_end[i] = SLOW_UNREGISTERED;
      conn_close(c);
      continue;
    }
    uint64_t last_data = now_rel();
    for (;;) {
      ssize_t n = read(c->fd, rbuf, READ_CHUNK);
      uint64_t t = now_rel();
      if (n > 0) {
        slow_drained += (uint64_t)n;
        last_data = t;
        if (t > deadline) {
          slow_end[i] = SLOW_STILL_SENDING;
          break;
        }
        continue;
      }
      if (n == 0) {
        slow_end[i] = SLOW_EOF;
        break;
      }
      if (errno == EINTR) continue;
      if (errno == ECONNRESET) {
        slow_end[i] = SLOW_RESET;
        break;
      }
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        err_add("slow client: read failed: %s", strerror(errno));
        slow_end[i] = SLOW_ERROR;
        break;
      }
      if (t - last_data > 500000000ull || t > deadline) {
        slow_end[i] = t - last_data > 500000000ull ? SLOW_OPEN : SLOW_STILL_SENDING;
        break;
      }
      struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
      poll(&pfd, 1, 50);
    }
    conn_close(c);
  }
}

/* ---- JSON ---- */
static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
    else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
    else fputc(ch, f);
  }
  fputc('"', f);
}

static const char *proto_name(void) {
  return o_proto == P_PAPO ? "papo" : o_proto == P_IRC ? "irc" : o_proto == P_WS ? "ws" : o_proto == P_ORIG ? "original" : o_proto == P_NCAT ? "ncat" : "resp";
}

static double cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}
static double cpu_at_run_start = 0;

/* CPU seconds a process (all its threads) has used, from /proc; -1 if unknown. */
static double proc_cpu_seconds(int pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *p = strrchr(buf, ')');
  if (!p) return -1;
  unsigned long long ut = 0, st = 0;
  /* after ") ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2) return -1;
  return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* The machine's CPU seconds so far from /proc/stat: busy in tasks (user, nice, system) and in
   interrupts (irq, softirq: loopback TCP is mostly softirq), across all cores. */
static void machine_cpu(double *tasks, double *irq) {
  *tasks = *irq = -1;
  FILE *f = fopen("/proc/stat", "r");
  if (!f) return;
  unsigned long long u = 0, ni = 0, sy = 0, id = 0, io = 0, hi = 0, si = 0;
  if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &u, &ni, &sy, &id, &io, &hi, &si) == 7) {
    double tck = (double)sysconf(_SC_CLK_TCK);
    *tasks = (double)(u + ni + sy) / tck;
    *irq = (double)(hi + si) / tck;
  }
  fclose(f);
}
static double server_cpu0 = -1, machine_tasks0 = -1, machine_irq0 = -1;

static void json_errors(FILE *f);

static void report(double connect_s, bool connected_all) {
  uint64_t expected = sent_total * (uint64_t)recv_per_msg;
  uint64_t lost = expected > deliveries ? expected - deliveries : 0;
  double secs = t_last_delivery > t_run_start ? (double)(t_last_delivery - t_run_start) / 1e9 : 0;
  double dps = secs > 0 ? (double)deliveries / secs : 0;
  uint64_t planned = (uint64_t)o_senders * o_messages;
  FILE *f = stdout;
  fprintf(f, "{\"protocol\":\"%s\",\"clients\":%d,\"senders\":%d,\"messages_per_sender\":%u,", proto_name(), o_clients, o_senders, o_messages);
  if (o_rate > 0) fprintf(f, "\"window\":null,"); /* the open loop has none */
  else fprintf(f, "\"window\":%u,", o_window);
  fprintf(f, "\"receivers_per_message\":%d,\"connected\":%s,\"connect_seconds\":%.3f,", recv_per_msg, connected_all ? "true" : "false", connect_s);
  fprintf(f, "\"planned_messages\":%llu,\"sent\":%llu,\"time_limited\":%s,", (unsigned long long)planned, (unsigned long long)sent_total, sent_total < planned ? "true" : "false");
  fprintf(f, "\"expected\":%llu,\"deliveries\":%llu,\"lost\":%llu,\"duplicates\":%llu,\"invalid\":%llu,\"echoes\":%llu,",
          (unsigned long long)expected, (unsigned long long)deliveries, (unsigned long long)lost, (unsigned long long)duplicates,
          (unsigned long long)invalid, (unsigned long long)echoes);
  fprintf(f, "\"seconds\":%.4f,\"send_seconds\":%.4f,\"deliveries_per_second\":%.0f,", secs,
          t_send_end > t_run_start ? (double)(t_send_end - t_run_start) / 1e9 : 0, dps);
  fprintf(f, "\"latency_p50_us\":%.1f,\"latency_p99_us\":%.1f,\"latency_max_us\":%.1f,\"latency_mean_us\":%.1f,", percentile_us(0.50),
          percentile_us(0.99), (double)lat_max / 1000.0, lat_count ? lat_sum / (double)lat_count / 1000.0 : 0);
  double run_wall = (double)(now_rel() - t_run_start) / 1e9;
  double run_cpu = cpu_seconds() - cpu_at_run_start;
  fprintf(f, "\"run_wall_seconds\":%.3f,\"generator_cpu_seconds\":%.3f,\"generator_cpu_share\":%.3f,", connected_all ? run_wall : 0,
          connected_all ? run_cpu : 0, connected_all && run_wall > 0 ? run_cpu / run_wall : 0);
  if (connected_all && o_watch_pid > 0 && server_cpu0 >= 0) {
    double server = proc_cpu_seconds(o_watch_pid) - server_cpu0;
    double tasks, irq;
    machine_cpu(&tasks, &irq);
    double others = tasks - machine_tasks0 - server - run_cpu;
    if (others < 0) others = 0;
    fprintf(f, "\"server_cpu_seconds\":%.3f,\"server_cpu_share\":%.3f,\"interrupt_cpu_share\":%.3f,\"others_cpu_share\":%.3f,", server,
            run_wall > 0 ? server / run_wall : 0, run_wall > 0 ? (irq - machine_irq0) / run_wall : 0, run_wall > 0 ? others / run_wall : 0);
  }
  fprintf(f, "\"generator_reads\":%llu,\"generator_read_bytes\":%llu,\"generator_writes\":%llu,\"generator_wakeups\":%llu,",
          (unsigned long long)n_reads, (unsigned long long)n_read_bytes, (unsigned long long)n_writes, (unsigned long long)n_wakeups);
  if (o_rate > 0) {
    /* how late the generator sent, against the schedule; each message is stamped when sent */
    fprintf(f, "\"loop\":\"open\",\"rate\":%.3f,\"send_lag_max_us\":%.1f,\"send_lag_mean_us\":%.1f,", o_rate, (double)send_lag_max / 1000.0,
            ol_next ? send_lag_sum / (double)ol_next / 1000.0 : 0);
  } else {
    fprintf(f, "\"loop\":\"closed\",");
  }
  if (o_slow > 0) {
    int cut = 0;
    for (int i = 0; i < o_slow; i++) cut += slow_end[i] == SLOW_EOF || slow_end[i] == SLOW_RESET || slow_end[i] == SLOW_ERROR;
    fprintf(f, "\"slow_clients\":%d,\"slow_registered\":%d,\"slow_rcvbuf_bytes\":%d,\"slow_cut_off_count\":%d,", o_slow, slow_registered,
            slow_rcvbuf_actual, cut);
    /* one slow client: true or false; several: true when every one was cut off */
    fprintf(f, "\"slow_cut_off\":%s,\"slow_end\":[", slow_registered == 0 ? "null" : cut == o_slow ? "true" : "false");
    for (int i = 0; i < o_slow; i++) {
      if (i) fputc(',', f);
      json_str(f, slow_end_name[slow_end[i]]);
    }
    fprintf(f, "],\"slow_drained_bytes\":%llu,", (unsigned long long)slow_drained);
  }
  if (o_churn > 0) {
    /* from the first churn connect to the last one closed (or the end of sending, if later) */
    uint64_t t_churn_end = t_churn_last > t_send_end ? t_churn_last : t_send_end;
    double cs = t_churn_end > t_run_start ? (double)(t_churn_end - t_run_start) / 1e9 : 0;
    qsort(churn_reg_ns, churn_reg_n, sizeof *churn_reg_ns, cmp_u64);
    double p50 = churn_reg_n ? (double)churn_reg_ns[(churn_reg_n - 1) / 2] / 1e6 : 0;
    double p99 = churn_reg_n ? (double)churn_reg_ns[(uint64_t)((double)(churn_reg_n - 1) * 0.99)] / 1e6 : 0;
    double mx = churn_reg_n ? (double)churn_reg_ns[churn_reg_n - 1] / 1e6 : 0;
    fprintf(f, "\"churn_target_per_second\":%.3f,\"churn_pending_max\":%d,\"churn_seconds\":%.3f,", o_churn, o_churn_pending, cs);
    fprintf(f, "\"churn_started\":%llu,\"churn_opened\":%llu,\"churn_registered\":%llu,\"churn_closed\":%llu,\"churn_failed\":%llu,\"churn_timed_out\":%llu,\"churn_abandoned\":%llu,",
            (unsigned long long)churn_started, (unsigned long long)churn_opened, (unsigned long long)churn_registered, (unsigned long long)churn_closed,
            (unsigned long long)churn_failed, (unsigned long long)churn_timed_out, (unsigned long long)churn_abandoned);
    fprintf(f, "\"churn_opened_per_second\":%.1f,\"churn_closed_per_second\":%.1f,\"churn_register_p50_ms\":%.2f,\"churn_register_p99_ms\":%.2f,\"churn_register_max_ms\":%.2f,",
            cs > 0 ? (double)churn_opened / cs : 0, cs > 0 ? (double)churn_closed / cs : 0, p50, p99, mx);
  }
  json_errors(f);
  fprintf(f, "}\n");
  fflush(f);
}

static void json_errors(FILE *f) {
  fprintf(f, "\"errors\":[");
  for (int i = 0; i < nerrors; i++) {
    if (i) fputc(',', f);
    fprintf(f, "{\"message\":");
    json_str(f, errors[i].msg);
    fprintf(f, ",\"count\":%llu}", (unsigned long long)errors[i].count);
  }
  if (errors_dropped) fprintf(f, "%s{\"message\":\"more distinct errors not shown\",\"count\":%llu}", nerrors ? "," : "", (unsigned long long)errors_dropped);
  fprintf(f, "]");
}

/* --idle: how many registered, how many were still open (and registered) after the hold. */
static void report_idle(double connect_s, int registered, double held_s) {
  FILE *f = stdout;
  fprintf(f, "{\"protocol\":\"%s\",\"mode\":\"idle\",\"connections\":%d,\"registered\":%d,\"open_at_end\":%d,\"held_all\":%s,", proto_name(), o_idle,
          registered, n_ready, registered == o_idle && n_ready == o_idle ? "true" : "false");
  fprintf(f, "\"connect_seconds\":%.3f,\"hold_seconds\":%.3f,\"generator_reads\":%llu,\"generator_read_bytes\":%llu,", connect_s, held_s,
          (unsigned long long)n_reads, (unsigned long long)n_read_bytes);
  json_errors(f);
  fprintf(f, "}\n");
  fflush(f);
}

static void usage(void) {
  fprintf(stderr,
          "usage: loadgen --proto papo|irc|resp|ws|original|ncat --port P [--clients N] [--senders S] [--messages M]\n"
          "               [--window W] [--duration SEC] [--drain SEC] [--connect-timeout SEC]\n"
          "               [--channel NAME] [--nick-prefix P] [--size BYTES] [--pending N] [--watch-pid PID]\n"
          "               [--rate M] [--slow N [--slow-rcvbuf BYTES] [--slow-drain SEC]]\n"
          "               [--churn R [--churn-pending K] [--churn-timeout SEC]]\n"
          "       --rate M: open loop, M messages/s over all senders, spread evenly, whatever is acknowledged\n"
          "       --slow N: N more clients register last, then never read (SO_RCVBUF BYTES, default 4096);\n"
          "               at the end: were they cut off (EOF or reset within SEC s, default 5)\n"
          "       --churn R: while sending, R connections/s (at most K in flight, default 32) register, then close\n"
          "       loadgen --proto papo|irc|original|ncat --port P --idle N [--hold SEC] [--connect-timeout SEC] [--pending N]\n"
          "               [--idle-join 0]  (IRC: register only, join no channel)\n"
          "               registers N connections, prints 'loadgen: idle: R of N registered' on stderr, holds them\n"
          "               SEC seconds (answering PINGs), then closes them\n"
          "Connects to 127.0.0.1:P only. Prints one JSON object on stdout.\n");
  exit(2);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define OPT(name) (strcmp(a, name) == 0 && v && (i++, 1))
    if (OPT("--proto")) {
      if (!strcmp(v, "papo")) o_proto = P_PAPO;
      else if (!strcmp(v, "irc")) o_proto = P_IRC;
      else if (!strcmp(v, "resp")) o_proto = P_RESP;
      else if (!strcmp(v, "ws")) o_proto = P_WS;
      else if (!strcmp(v, "original")) o_proto = P_ORIG;
      else if (!strcmp(v, "ncat")) o_proto = P_NCAT;
      else usage();
    } else if (OPT("--port")) o_port = atoi(v);
    else if (OPT("--clients")) o_clients = atoi(v);
    else if (OPT("--senders")) o_senders = atoi(v);
    else if (OPT("--messages")) o_messages = (uint32_t)strtoul(v, NULL, 10);
    else if (OPT("--window")) o_window = (uint32_t)strtoul(v, NULL, 10);
    else if (OPT("--duration")) o_duration = atof(v);
    else if (OPT("--drain")) o_drain = atof(v);
    else if (OPT("--connect-timeout")) o_connect_timeout = atof(v);
    else if (OPT("--channel")) o_channel = v;
    else if (OPT("--nick-prefix")) o_nick_prefix = v;
    else if (OPT("--size")) o_size = atoi(v);
    else if (OPT("--pending")) o_pending_max = atoi(v);
    else if (OPT("--watch-pid")) o_watch_pid = atoi(v);
    else if (OPT("--idle")) o_idle = atoi(v);
    else if (OPT("--hold")) o_hold = atof(v);
    else if (OPT("--idle-join")) o_idle_join = atoi(v) != 0;
    else if (OPT("--rate")) o_rate = atof(v);
    else if (OPT("--slow")) o_slow = atoi(v);
    else if (OPT("--slow-rcvbuf")) o_slow_rcvbuf = atoi(v);
    else if (OPT("--slow-drain")) o_slow_drain = atof(v);
    else if (OPT("--churn")) o_churn = atof(v);
    else if (OPT("--churn-pending")) o_churn_pending = atoi(v);
    else if (OPT("--churn-timeout")) o_churn_timeout = atof(v);
    else usage();
#undef OPT
  }
  if (o_idle < 0 || o_hold <= 0 || (o_idle > 0 && o_proto != P_PAPO && o_proto != P_IRC && o_proto != P_ORIG && o_proto != P_NCAT)) usage();
  if (o_rate < 0 || o_rate > 1e7 || o_slow < 0 || o_slow > 100 || o_slow_rcvbuf < 0 || o_slow_drain <= 0 || o_slow_drain > 60) usage();
  if (o_churn < 0 || o_churn > 1e5 || o_churn_pending < 1 || o_churn_pending > 1000 || o_churn_timeout <= 0) usage();
  if (o_idle > 0 && (o_rate > 0 || o_slow > 0 || o_churn > 0)) usage();
  if (o_idle > 0) {
    /* no messages: one nominal sender, so that the tables stay one word per connection */
    o_clients = o_idle;
    o_senders = 1;
    o_messages = 1;
  }
  if (o_port <= 0 || o_port > 65535 || o_clients < 1 || o_senders < 1 || o_window < 1 || o_messages < 1) usage();
  if (o_messages > 0xffffff || o_senders > 0xffff) die("at most 16777215 messages per sender and 65535 senders");
  if (o_proto != P_RESP && o_senders > o_clients) die("--senders must not exceed --clients");
  if (o_duration <= 0 || o_drain < 0 || o_connect_timeout <= 0) usage();
  if (!o_channel) o_channel = o_proto == P_IRC ? "#bench" : "bench";

  signal(SIGPIPE, SIG_IGN);
  memset(hexv, -1, sizeof hexv);
  for (int i = 0; i < 10; i++) hexv['0' + i] = (int8_t)i;
  for (int i = 0; i < 6; i++) hexv['a' + i] = (int8_t)(10 + i);

  /* descriptors: raise the soft limit to the hard one */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }

  t_base = now_ns();
  nconns = o_proto == P_RESP ? o_clients + o_senders : o_clients;
  nreceivers = o_clients;
  recv_per_msg = o_proto == P_RESP ? o_clients : o_clients - 1;
  conns = calloc((size_t)nconns, sizeof *conns);
  senders = calloc((size_t)o_senders, sizeof *senders);
  dirty = calloc((size_t)o_senders, sizeof *dirty);
  rbuf = malloc(RBUF_SIZE);
  if (!conns || !senders || !dirty || !rbuf) die("out of memory");
  /* the extra connections: not senders, not receivers, numbered (and named) after the main ones */
  next_extra_idx = nconns;
  slow_conns = calloc((size_t)(o_slow ? o_slow : 1), sizeof *slow_conns);
  slow_end = calloc((size_t)(o_slow ? o_slow : 1), sizeof *slow_end);
  churn_conns = calloc((size_t)o_churn_pending, sizeof *churn_conns);
  churn_cap = o_churn > 0 ? (uint64_t)(o_churn * o_duration + 0.999) : 0;
  churn_reg_ns = calloc((size_t)(churn_cap ? churn_cap : 1), sizeof *churn_reg_ns);
  if (!slow_conns || !slow_end || !churn_conns || !churn_reg_ns) die("out of memory");
  for (int i = 0; i < o_slow + o_churn_pending; i++) {
    struct conn *c = i < o_slow ? &slow_conns[i] : &churn_conns[i - o_slow];
    c->kind = i < o_slow ? K_SLOW : K_CHURN;
    c->fd = -1;
    c->sender = c->recv = -1;
    c->state = ST_CLOSED;
    c->role = o_proto == P_RESP ? ROLE_SUB : ROLE_CHAT;
  }
  words_per_recv = ((uint64_t)o_senders * o_messages + 63) / 64;

  for (int i = 0; i < nconns; i++) {
    struct conn *c = &conns[i];
    c->idx = i;
    c->fd = -1;
    c->sender = -1;
    c->recv = -1;
    c->state = ST_CLOSED;
    if (o_proto == P_RESP) {
      if (i < o_clients) {
        c->role = ROLE_SUB;
        c->recv = i;
      } else {
        c->role = ROLE_PUB;
        c->sender = i - o_clients;
      }
    } else {
      c->role = ROLE_CHAT;
      c->recv = i;
      if (i < o_senders) c->sender = i;
    }
    if (c->recv >= 0) {
      c->seen = calloc(words_per_recv, sizeof(uint64_t));
      if (!c->seen) die("out of memory");
    }
    if (c->sender >= 0) senders[c->sender].c = c;
  }
  for (int s = 0; s < o_senders; s++) {
    if (o_proto == P_RESP) senders[s].ack_recv = s % o_clients;
    else if (o_clients > o_senders) senders[s].ack_recv = o_senders + s % (o_clients - o_senders);
    else senders[s].ack_recv = (s + 1) % o_clients;
  }
  msg_pre_len = msg_prefix(msg_pre);
  msg_post = o_proto == P_PAPO || o_proto == P_NCAT ? "\n" : o_proto == P_ORIG ? "" : "\r\n";
  msg_post_len = strlen(msg_post);
  if (o_proto == P_WS) {
    /* one message's JSON: the prefix, any padding, the payload (filled per message), the end */
    size_t pad = o_size > PAYLOAD_LEN ? (size_t)(o_size - PAYLOAD_LEN) : 0;
    size_t pre = strlen(WS_LINE_PRE), post = strlen(WS_LINE_POST);
    ws_scratch = malloc(pre + pad + PAYLOAD_LEN + post);
    if (!ws_scratch) die("out of memory");
    memcpy(ws_scratch, WS_LINE_PRE, pre);
    memset(ws_scratch + pre, 'x', pad);
    memcpy(ws_scratch + pre + pad + PAYLOAD_LEN, WS_LINE_POST, post);
  }

  ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) die("epoll_create1: %s", strerror(errno));

  struct epoll_event evs[1024];
  uint64_t connect_deadline = now_rel() + (uint64_t)(o_connect_timeout * 1e9);
  int next_conn = 0;
  bool connected_all = false;
  double connect_s = 0;

  /* phase 1: connect and register everyone */
  for (;;) {
    while (next_conn < nconns && n_pending < o_pending_max) start_connect(&conns[next_conn++]);
    if (n_ready == nconns) {
      connected_all = true;
      break;
    }
    if (next_conn == nconns && n_pending == 0) break; /* some failed */
    if (now_rel() > connect_deadline) {
      err_add("registration timed out: %d of %d connections ready", n_ready, nconns);
      break;
    }
    int n = epoll_wait(ep, evs, 1024, 50);
    for (int i = 0; i < n; i++) on_event(evs[i].data.ptr, evs[i].events);
  }
  if ((o_proto == P_ORIG || o_proto == P_NCAT) && connected_all) baseline_settle(evs, connect_deadline);
  connect_s = (double)now_rel() / 1e9;
  if (o_idle > 0) {
    /* hold: the harness reads the server's memory now; PINGs are still answered */
    int registered = n_ready;
    fprintf(stderr, "loadgen: idle: %d of %d registered\n", registered, nconns);
    fflush(stderr);
    uint64_t t_hold = now_rel();
    uint64_t hold_end = t_hold + (uint64_t)(o_hold * 1e9);
    while (now_rel() < hold_end) {
      int n = epoll_wait(ep, evs, 1024, 100);
      n_wakeups++;
      for (int i = 0; i < n; i++) on_event(evs[i].data.ptr, evs[i].events);
    }
    double held_s = (double)(now_rel() - t_hold) / 1e9;
    if (registered < nconns && nerrors == 0) err_add("only %d of %d connections registered", registered, nconns);
    report_idle(connect_s, registered, held_s);
    if (o_proto == P_ORIG) baseline_goodbye(evs);
    for (int i = 0; i < nconns; i++) conn_close(&conns[i]);
    return registered == nconns && n_ready == nconns ? 0 : 1;
  }
  if (!connected_all) {
    if (n_ready < nconns && nerrors == 0) err_add("only %d of %d connections registered", n_ready, nconns);
    report(connect_s, false);
    return 1;
  }

  /* phase 1b: the slow clients register last, so that no one else's join waits unread in them */
  if (o_slow > 0) {
    uint64_t slow_deadline = now_rel() + (uint64_t)(o_connect_timeout * 1e9);
    for (int i = 0; i < o_slow; i++) {
      slow_conns[i].idx = next_extra_idx++;
      start_connect(&slow_conns[i]);
    }
    for (;;) {
      int settled = 0;
      for (int i = 0; i < o_slow; i++) settled += slow_conns[i].state == ST_READY || slow_conns[i].state == ST_CLOSED;
      if (settled == o_slow) break;
      if (now_rel() > slow_deadline) {
        err_add("slow client: registration timed out");
        break;
      }
      int n = epoll_wait(ep, evs, 1024, 50);
      for (int i = 0; i < n; i++) on_event(evs[i].data.ptr, evs[i].events);
    }
    if (slow_registered < o_slow) err_add("slow client: only %d of %d registered", slow_registered, o_slow);
  }

  /* phase 2: the closed loop */
  t_run_start = now_rel();
  cpu_at_run_start = cpu_seconds();
  if (o_watch_pid > 0) {
    server_cpu0 = proc_cpu_seconds(o_watch_pid);
    machine_cpu(&machine_tasks0, &machine_irq0);
  }
  uint64_t send_deadline = t_run_start + (uint64_t)(o_duration * 1e9);
  uint64_t drain_deadline = 0;
  sending = true;
  if (o_rate > 0) ol_planned = (uint64_t)o_senders * o_messages;
  else for (int s = 0; s < o_senders; s++) mark_dirty(&senders[s]);
  for (;;) {
    uint64_t t = now_rel();
    int wait_ms = 10;
    if (o_churn > 0) churn_tick(t);
    if (sending && o_rate > 0) {
      open_loop_send(t);
      if (ol_next >= ol_planned || t > send_deadline) {
        sending = false;
        sending_over = true;
        t_send_end = t;
        drain_deadline = t + (uint64_t)(o_drain * 1e9);
      } else {
        uint64_t at = t_run_start + (uint64_t)((double)ol_next * 1e9 / o_rate);
        uint64_t ms = at > t ? (at - t + 999999) / 1000000 : 0;
        if (ms < (uint64_t)wait_ms) wait_ms = (int)ms;
      }
    } else if (sending) {
      if (ndirty) {
        int k = ndirty;
        ndirty = 0;
        for (int i = 0; i < k; i++) {
          struct sender *s = dirty[i];
          s->dirty = false;
          fill_window(s, t);
        }
      }
      bool all_sent = true;
      for (int s = 0; s < o_senders; s++) {
        if (senders[s].next_seq < o_messages && senders[s].c->state == ST_READY) {
          all_sent = false;
          break;
        }
      }
      if (all_sent || t > send_deadline) {
        sending = false;
        sending_over = true;
        t_send_end = t;
        drain_deadline = t + (uint64_t)(o_drain * 1e9);
      }
    }
    if (o_churn > 0) {
      uint64_t w = churn_wait_ns(t);
      if (w != UINT64_MAX) {
        uint64_t ms = (w + 999999) / 1000000;
        if (ms < (uint64_t)wait_ms) wait_ms = (int)ms;
      }
    }
    if (!sending) {
      /* done when every delivery came and every churn connection in flight has settled */
      if (deliveries >= sent_total * (uint64_t)recv_per_msg && churn_inflight == 0) break;
      if (t > drain_deadline) {
        /* churn connections still registering are counted as abandoned, not as an error */
        if (deliveries < sent_total * (uint64_t)recv_per_msg) err_add("gave up waiting for the last deliveries after %.1f s", o_drain);
        break;
      }
      if (n_ready == 0) break;
    }
    int n = epoll_wait(ep, evs, 1024, wait_ms);
    n_wakeups++;
    for (int i = 0; i < n; i++) {
      on_event(evs[i].data.ptr, evs[i].events);
      /* a long batch of reads must not hold up the open loop's schedule */
      if (sending && o_rate > 0 && (i & 63) == 63) open_loop_send(now_rel());
    }
  }
  /* the churn connections still registering are abandoned, not failed */
  churn_ending = true;
  for (int i = 0; i < o_churn_pending; i++) conn_close(&churn_conns[i]);
  if (o_slow > 0) slow_finish();
  report(connect_s, true);
  if (o_proto == P_ORIG) baseline_goodbye(evs);
  return 0;
}
