# The hush image: `docker build -t hush .`, then `docker run --rm -v "$PWD:/work" hush scan .`
# Kept minimal on purpose, and not built by this project's CI (no docker there).
# libgit2 is compiled in (git2's vendored feature): the binary needs only glibc at run time.
FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin hush && cp target/release/hush /usr/local/bin/hush

FROM debian:bookworm-slim
COPY --from=build /usr/local/bin/hush /usr/local/bin/hush
WORKDIR /work
ENTRYPOINT ["hush"]
CMD ["scan", "."]
