package io.jswoole.bench.run;

import java.util.ArrayList;
import java.util.List;

/** Splits a command written as one string into words: spaces separate, quotes group; no shell is involved. */
final class CommandLineWords {
    private CommandLineWords() {
    }

    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char ch = command.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    word.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in: " + command);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
