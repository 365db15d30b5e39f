package dev.hearth.bench.stub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A downstream that hangs: it accepts connections, reads and discards what is sent, and never answers; a
 * connection ends only when the caller closes it (Hearth does so at the call's deadline). One thread, one
 * selector: it costs nothing while the benchmark measures how the caller copes. {@code --port N}.
 */
public final class HangingDownstream {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args.length > 1 && args[0].equals("--port") ? args[1] : "19091");
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("hanging downstream at http://127.0.0.1:" + port);
        ByteBuffer sink = ByteBuffer.allocateDirect(16 * 1024);
        while (true) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                if (key.isAcceptable()) {
                    SocketChannel channel = server.accept();
                    if (channel != null) {
                        channel.configureBlocking(false);
                        channel.register(selector, SelectionKey.OP_READ);
                    }
                } else if (key.isReadable()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    sink.clear();
                    int read;
                    try {
                        read = channel.read(sink);
                    } catch (IOException e) {
                        read = -1;
                    }
                    if (read < 0) {
                        key.cancel();
                        channel.close();
                    }
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private HangingDownstream() {
    }
}
