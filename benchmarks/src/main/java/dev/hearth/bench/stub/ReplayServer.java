package dev.hearth.bench.stub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The least HTTP/1.1 server that replays fixed answers after fixed delays, so that the downstreams take as little
 * as possible of the two cores they share with Hearth and the load generator. Not Jetty, which hands each connection
 * between its selector, its threads and its timer; this costs about 20 µs of CPU a call (docs/PERFORMANCE.md, "What
 * is measured").
 *
 * <p>Two threads. The selector thread accepts, reads and parses requests (the request line, {@code Content-Length}
 * and {@code Connection: close}; a body is read and dropped), and writes only refusals and answers with no delay (at
 * 0 ms a hand-off to the timer thread cost a third of the replay's CPU and a wake-up on every call's path); each
 * connection stays registered for reading the whole time. The timer thread writes each later answer when it is due:
 * answers wait in one first-in-first-out queue per delay, which is already in due order, and the thread sleeps with
 * nanosecond precision until the earliest head ({@code Selector.select} only counts milliseconds, which would add up
 * to a millisecond to every call and bias the measured overhead).
 *
 * <p>One request a connection at a time: the clients here (Apache HttpClient, the JDK's) wait for an answer before
 * they send the next request on a connection. A request that arrives while its connection's previous answer is still
 * waiting is refused with 400 and the connection closed, rather than answered out of order.
 */
final class ReplayServer {
    /** A fixed answer: the bytes to write (status line, headers, body) and how long after the request. */
    record Answer(byte[] bytes, long delayNanos) {
        static Answer of(int status, String contentType, byte[] body, long delayNanos) {
            String head = "HTTP/1.1 " + status + " " + (status < 400 ? "OK" : "Error") + "\r\nContent-Type: "
                    + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            byte[] bytes = new byte[h.length + body.length];
            System.arraycopy(h, 0, bytes, 0, h.length);
            System.arraycopy(body, 0, bytes, h.length, body.length);
            return new Answer(bytes, delayNanos);
        }
    }

    private static final int MAX_HEAD = 16 * 1024;
    private static final byte[] BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final Function<String, Answer> answers;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final SelectionKey acceptKey;
    /** While out of descriptors: when to try accepting again ({@code System.nanoTime}); 0 while accepting. */
    private long acceptResumesAt;
    private final Timer timer = new Timer();
    private final AtomicLong partialWrites = new AtomicLong();
    private final AtomicLong failedAccepts = new AtomicLong();

    ReplayServer(InetSocketAddress address, Function<String, Answer> answers) throws IOException {
        this.answers = answers;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(address, 8192);
        server.configureBlocking(false);
        acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
    }

    int port() {
        return server.socket().getLocalPort();
    }

    /** Starts both threads; they run until the JVM exits. */
    void start() {
        Thread.ofPlatform().name("replay-timer").daemon(false).start(timer::run);
        Thread.ofPlatform().name("replay-selector").daemon(false).start(this::select);
    }

    private void select() {
        try {
            while (true) {
                if (acceptResumesAt != 0 && System.nanoTime() - acceptResumesAt >= 0) {
                    acceptKey.interestOps(SelectionKey.OP_ACCEPT);
                    acceptResumesAt = 0;
                }
                if (acceptResumesAt != 0) {
                    selector.select(10);
                } else {
                    selector.select();
                }
                var keys = selector.selectedKeys();
                for (SelectionKey key : keys) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        try {
                            accept();
                        } catch (IOException e) {
                            // Out of descriptors, most likely (the burst opens thousands): the connection waits in the
                            // backlog; stop asking for 10 ms rather than spin on a key that stays ready.
                            failedAccepts.incrementAndGet();
                            key.interestOps(0);
                            acceptResumesAt = System.nanoTime() + 10_000_000L;
                        }
                    } else if (key.isReadable()) {
                        read(key);
                    }
                }
                keys.clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException("the replay's selector failed", e);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                // Big enough that an answer is written whole: one answer a connection is in flight at a time.
                channel.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
                Connection connection = new Connection(channel);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
            } catch (IOException e) {
                channel.close(); // the client went away before it was set up
            }
        }
    }

    private void read(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            int n = c.channel.read(c.in);
            if (n < 0) {
                c.close();
                return;
            }
            parse(c);
        } catch (IOException e) {
            c.close();
        }
    }

    /** Takes every complete request out of the connection's buffer (normally exactly one). */
    private void parse(Connection c) throws IOException {
        while (true) {
            ByteBuffer in = c.in;
            int end = headEnd(in);
            if (end < 0) {
                if (!in.hasRemaining()) {
                    refuse(c); // a head of more than 16 KiB
                }
                return;
            }
            byte[] a = in.array();
            String head = new String(a, 0, end, StandardCharsets.ISO_8859_1);
            String lowerHead = head.toLowerCase(Locale.ROOT); // header names are case-insensitive
            long bodyLength = contentLength(lowerHead);
            if (bodyLength < 0 || bodyLength > MAX_HEAD) {
                refuse(c);
                return;
            }
            int total = end + 4 + (int) bodyLength;
            if (in.position() < total) {
                if (total > in.capacity()) {
                    refuse(c);
                }
                return;
            }
            if (c.waiting) {
                refuse(c); // pipelined: it would have to wait behind the answer before it
                return;
            }
            int sp1 = head.indexOf(' ');
            int sp2 = head.indexOf(' ', sp1 + 1);
            if (sp1 < 0 || sp2 < 0) {
                refuse(c);
                return;
            }
            String target = head.substring(sp1 + 1, sp2);
            int query = target.indexOf('?');
            String path = query < 0 ? target : target.substring(0, query);
            c.closeAfter = lowerHead.contains("\nconnection: close");
            c.waiting = true;
            Answer answer = answers.apply(path);
            if (answer.delayNanos() == 0) {
                timer.write(new Due(c, answer, 0)); // due now: a hand-off to the timer thread would only add a wake-up
            } else {
                timer.add(c, answer);
            }
            // Keep what came after this request (nothing, for the clients here).
            in.limit(in.position()).position(total);
            in.compact();
        }
    }

    private void refuse(Connection c) {
        try {
            c.channel.write(ByteBuffer.wrap(BAD_REQUEST));
        } catch (IOException ignored) {
            // closing anyway
        }
        c.close();
    }

    private static int headEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                return i - 3;
            }
        }
        return -1;
    }

    /** The request's Content-Length, 0 without one, -1 for a chunked body (not served here); {@code lower}: the head in lower case. */
    private static long contentLength(String lower) {
        if (lower.contains("\ntransfer-encoding:")) {
            return -1;
        }
        int at = lower.indexOf("\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int from = at + "\ncontent-length:".length();
        int to = lower.indexOf('\r', from);
        try {
            return Long.parseLong(lower.substring(from, to < 0 ? lower.length() : to).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One client connection; {@code waiting} is true from a request's arrival until its answer is written. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
        SelectionKey key;
        volatile boolean waiting;
        volatile boolean closeAfter;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void close() {
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private record Due(Connection connection, Answer answer, long at) {
    }

    /** Answers waiting for their time: a FIFO per delay, so each queue is in due order. */
    private final class Timer {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition earlier = lock.newCondition();
        private final Map<Long, ArrayDeque<Due>> queues = new HashMap<>();
        /** Whether the timer thread sleeps, and until when: an answer due before that must wake it. */
        private boolean sleeping;
        private long sleepingUntil;

        void add(Connection connection, Answer answer) {
            long at = System.nanoTime() + answer.delayNanos();
            lock.lock();
            try {
                queues.computeIfAbsent(answer.delayNanos(), d -> new ArrayDeque<>()).addLast(
                        new Due(connection, answer, at));
                if (sleeping && at - sleepingUntil < 0) {
                    sleepingUntil = at;
                    earlier.signal();
                }
            } finally {
                lock.unlock();
            }
        }

        void run() {
            List<Due> due = new ArrayList<>();
            while (true) {
                lock.lock();
                try {
                    while (due.isEmpty()) {
                        long now = System.nanoTime();
                        long next = Long.MAX_VALUE;
                        boolean any = false;
                        for (ArrayDeque<Due> q : queues.values()) {
                            while (!q.isEmpty() && q.peekFirst().at() - now <= 0) {
                                due.add(q.pollFirst());
                            }
                            if (!q.isEmpty() && (!any || q.peekFirst().at() - next < 0)) {
                                next = q.peekFirst().at();
                                any = true;
                            }
                        }
                        if (!due.isEmpty()) {
                            break;
                        }
                        sleeping = true;
                        sleepingUntil = any ? next : now + 3_600_000_000_000L;
                        earlier.awaitNanos(sleepingUntil - now);
                        sleeping = false;
                    }
                } catch (InterruptedException e) {
                    return;
                } finally {
                    lock.unlock();
                }
                for (Due d : due) {
                    write(d);
                }
                due.clear();
            }
        }

        private void write(Due d) {
            Connection c = d.connection();
            ByteBuffer out = ByteBuffer.wrap(d.answer().bytes());
            c.waiting = false; // before the bytes: the client's next request may follow at once
            try {
                c.channel.write(out);
                if (out.hasRemaining()) { // not expected with a 1 MiB send buffer; counted
                    partialWrites.incrementAndGet();
                    long giveUp = System.nanoTime() + 1_000_000_000L;
                    while (out.hasRemaining()) {
                        if (System.nanoTime() - giveUp > 0) {
                            throw new IOException("the client read nothing for 1 s");
                        }
                        Thread.onSpinWait();
                        c.channel.write(out);
                    }
                }
                if (c.closeAfter) {
                    c.channel.close();
                }
            } catch (IOException e) {
                c.close(); // the client went away; nothing to answer
            }
        }
    }

    long partialWrites() {
        return partialWrites.get();
    }

    long failedAccepts() {
        return failedAccepts.get();
    }
}
