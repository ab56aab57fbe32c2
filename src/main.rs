fn main() {
    std::process::exit(skuctl::cli::run(std::env::args_os().collect()));
}
