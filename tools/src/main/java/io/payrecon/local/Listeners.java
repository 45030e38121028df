package io.payrecon.local;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The TCP ports this process listens on, read from Linux's /proc (the process's socket inodes and
 * the kernel's tables of listening sockets), so that a banner says what really listens where instead
 * of what a configuration meant to ask for. Empty where /proc is not there.
 */
final class Listeners {
    private Listeners() {}

    /** A listening socket: its address ("127.0.0.1", "0.0.0.0", "::") and port. */
    record Listener(String address, int port) implements Comparable<Listener> {
        boolean loopbackOnly() {
            try {
                return InetAddress.getByName(address).isLoopbackAddress();
            } catch (IOException e) {
                return false;
            }
        }

        /** "127.0.0.1:8081 (loopback only)" or "*:9249 (every interface)". */
        String describe() {
            boolean any = address.equals("0.0.0.0") || address.equals("::");
            return (any ? "*" : address.contains(":") ? "[" + address + "]" : address) + ":" + port
                    + (loopbackOnly() ? " (loopback only)" : any ? " (every interface)" : "");
        }

        @Override
        public int compareTo(Listener o) {
            return port != o.port ? Integer.compare(port, o.port) : address.compareTo(o.address);
        }
    }

    static List<Listener> ofThisProcess() {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listed
                }
            }
        } catch (IOException | UnsupportedOperationException noProc) {
            return List.of();
        }
        Set<Listener> listeners = new TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ... inode (field 9); st 0A is LISTEN
                    if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                        String[] local = f[1].split(":");
                        listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
                    }
                }
            } catch (IOException | RuntimeException noTable) {
                // no IPv6 table, or a format this does not know: list what was read
            }
        }
        return new ArrayList<>(listeners);
    }

    /** The kernel's hex address (little-endian 32-bit words) as text. */
    static String address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + 3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            String text = InetAddress.getByAddress(bytes).getHostAddress();
            return text.equals("0:0:0:0:0:0:0:0") ? "::" : text;
        } catch (IOException e) {
            return new BigInteger(hex, 16).toString();
        }
    }
}
