/** The sample server as a module: the starter brings jswoole and its default providers. */
module com.example.hello {
    requires io.jswoole.starter;
}
