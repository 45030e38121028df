package io.payrecon.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command lines of a Markdown document: every line of its {@code bash}/{@code sh} blocks
 * (continuation lines joined, comments dropped, split at pipes and {@code ;}/{@code &&}), and every
 * inline code span that is a command of this repository ({@code mvn ...}, {@code bin/payrecon ...},
 * a script of {@code ops/} or {@code bench/} with its arguments), spans broken over lines included.
 */
final class DocCommands {
    private DocCommands() {}

    /** One command line: where it is, the text as the document gives it, and whether it is in a block. */
    record Command(Path file, int at, String text, boolean fenced) {
        List<String> words() {
            return shellWords(text);
        }

        /** The program: the first word after any {@code NAME=value} assignments. */
        String program() {
            for (String w : words()) {
                if (!w.matches("[A-Z_][A-Z0-9_]*=.*")) {
                    return w;
                }
            }
            return "";
        }

        @Override
        public String toString() {
            return file + ":" + at + ": " + text;
        }
    }

    private static final Pattern INLINE = Pattern.compile("`([^`]+)`");
    private static final Pattern REPO_COMMAND =
            Pattern.compile("(mvn|bin/payrecon) .*|(ops|bench)/[\\w.-]+(\\.sh)?( .*)?");

    /** The fenced bash blocks' text, one string per block (for {@code bash -n}), with its first line. */
    static List<Command> fencedBlocks(Path doc) throws IOException {
        List<Command> blocks = new ArrayList<>();
        List<String> lines = Files.readAllLines(doc);
        StringBuilder block = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                if (block != null) {
                    blocks.add(new Command(doc, start, block.toString(), true));
                    block = null;
                } else if (line.matches("```(bash|sh|shell)\\s*")) {
                    block = new StringBuilder();
                    start = i + 2;
                }
                continue;
            }
            if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The simple commands of the bash blocks. */
    static List<Command> fencedCommands(Path doc) throws IOException {
        List<Command> commands = new ArrayList<>();
        for (Command block : fencedBlocks(doc)) {
            String[] lines = block.text().split("\n");
            StringBuilder pending = new StringBuilder();
            int first = block.at();
            for (int i = 0; i < lines.length; i++) {
                String code = stripComment(lines[i]).strip();
                if (pending.length() == 0) {
                    first = block.at() + i;
                }
                boolean continues = code.endsWith("\\");
                pending.append(continues ? code.substring(0, code.length() - 1).strip() : code)
                        .append(' ');
                if (!continues) {
                    for (String simple : simpleCommands(pending.toString())) {
                        commands.add(new Command(doc, first, simple, true));
                    }
                    pending.setLength(0);
                }
            }
        }
        return commands;
    }

    /** Inline code spans that are commands of this repository. */
    static List<Command> inlineCommands(Path doc) throws IOException {
        List<Command> commands = new ArrayList<>();
        String text = Files.readString(doc);
        // Outside blocks only: blank out fenced blocks, keeping line numbers.
        StringBuilder outside = new StringBuilder();
        boolean inBlock = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                outside.append('\n');
                continue;
            }
            outside.append(inBlock ? "" : line).append('\n');
        }
        Matcher m = INLINE.matcher(outside);
        while (m.find()) {
            String span = m.group(1).replaceAll("\\s*\\n\\s*", " ").strip();
            if (REPO_COMMAND.matcher(span).matches() && span.contains(" ")) {
                int line = 1
                        + (int) outside.substring(0, m.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count();
                for (String simple : simpleCommands(span)) {
                    commands.add(new Command(doc, line, simple, false));
                }
            }
        }
        return commands;
    }

    private static String stripComment(String line) {
        if (line.strip().startsWith("#")) {
            return "";
        }
        return line.replaceFirst("\\s+#\\s.*$", "").replaceFirst("\\s+#$", "");
    }

    /** Splits at {@code |}, {@code ;}, {@code &&} and {@code ||} outside quotes; drops empty parts. */
    static List<String> simpleCommands(String line) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                current.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                current.append(c);
            } else if (c == '|' || c == ';' || (c == '&' && i + 1 < line.length() && line.charAt(i + 1) == '&')) {
                if (c != ';' && i + 1 < line.length() && line.charAt(i + 1) == c) {
                    i++;
                }
                parts.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString().strip());
        return parts.stream().filter(p -> !p.isEmpty()).toList();
    }

    /** Splits a command line as a shell would for the docs' commands: words, and quoted words. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("(?:[^\\s\"']+|\"[^\"]*\"|'[^']*')+").matcher(line);
        while (m.find()) {
            words.add(m.group().replace("\"", "").replace("'", ""));
        }
        return words;
    }
}
