package io.payrecon.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The banner's "what listens where" reads the kernel's own tables: addresses and this process's sockets. */
class ListenersTest {

    @Test
    void theKernelsHexAddressesReadAsText() {
        assertThat(Listeners.address("0100007F")).isEqualTo("127.0.0.1");
        assertThat(Listeners.address("00000000")).isEqualTo("0.0.0.0");
        assertThat(Listeners.address("00000000000000000000000000000000")).isEqualTo("::");
        assertThat(Listeners.address("0000000000000000FFFF00000100007F")).isEqualTo("127.0.0.1");
        assertThat(Listeners.address("00000000000000000000000001000000")).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void aSocketOfThisProcessIsListedWithTheInterfaceItListensOn() throws IOException {
        try (ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ServerSocket every = new ServerSocket(0)) {
            assertThat(Listeners.ofThisProcess())
                    .contains(new Listeners.Listener("127.0.0.1", loopback.getLocalPort()))
                    .anySatisfy(l -> {
                        assertThat(l.port()).isEqualTo(every.getLocalPort());
                        assertThat(l.describe()).isEqualTo("*:" + every.getLocalPort() + " (every interface)");
                    });
            assertThat(new Listeners.Listener("127.0.0.1", loopback.getLocalPort()).describe())
                    .isEqualTo("127.0.0.1:" + loopback.getLocalPort() + " (loopback only)");
        }
    }
}
