//! Latency below saturation: a fixed request rate spread over keep-alive
//! connections (wrk measures at saturation, where latency is queueing).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percentiles {
    pub count: usize,
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

/// `connections` keep-alive connections sending `rate` requests per second
/// in all, for `seconds`; latencies in milliseconds.
pub fn probe(
    addr: SocketAddr,
    request: &str,
    connections: u32,
    rate: u32,
    seconds: u32,
) -> Result<Percentiles, String> {
    let interval = Duration::from_secs_f64(f64::from(connections) / f64::from(rate.max(1)));
    let until = Instant::now() + Duration::from_secs(u64::from(seconds));
    let threads: Vec<_> = (0..connections)
        .map(|i| {
            let request = request.as_bytes().to_vec();
            std::thread::spawn(move || -> Result<Vec<f64>, String> {
                let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
                    .map_err(|e| e.to_string())?;
                s.set_nodelay(true).map_err(|e| e.to_string())?;
                s.set_read_timeout(Some(Duration::from_secs(5)))
                    .map_err(|e| e.to_string())?;
                let mut out = Vec::new();
                let mut buf = vec![0u8; 64 * 1024];
                // spread the connections over the interval
                let mut next =
                    Instant::now() + interval.mul_f64(f64::from(i) / f64::from(connections));
                while next < until {
                    if let Some(wait) = next.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    let sent = Instant::now();
                    s.write_all(&request).map_err(|e| e.to_string())?;
                    read_one_response(&mut s, &mut buf)?;
                    out.push(sent.elapsed().as_secs_f64() * 1000.0);
                    next += interval;
                }
                Ok(out)
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in threads {
        all.extend(
            t.join()
                .map_err(|_| "a probe thread panicked".to_string())??,
        );
    }
    Ok(percentiles(all))
}

fn percentiles(mut all: Vec<f64>) -> Percentiles {
    all.sort_by(f64::total_cmp);
    let at = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    Percentiles {
        count: all.len(),
        p50: at(0.50),
        p99: at(0.99),
        max: all.last().copied().unwrap_or(0.0),
    }
}

/// Read one HTTP/1.1 response with a Content-Length body.
fn read_one_response(s: &mut TcpStream, buf: &mut [u8]) -> Result<(), String> {
    let mut have = 0;
    loop {
        let n = s.read(&mut buf[have..]).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed".into());
        }
        have += n;
        if let Some(end) = buf[..have].windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            let total = end + 4 + length;
            if total > buf.len() {
                return Err("response larger than the probe's buffer".into());
            }
            while have < total {
                let n = s.read(&mut buf[have..]).map_err(|e| e.to_string())?;
                if n == 0 {
                    return Err("connection closed".into());
                }
                have += n;
            }
            return Ok(());
        }
        if have == buf.len() {
            return Err("response head too large".into());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentiles_of_latencies() {
        let p = super::percentiles((1..=100).map(f64::from).collect());
        assert_eq!((p.count, p.p50, p.p99, p.max), (100, 51.0, 100.0, 100.0));
        assert_eq!(super::percentiles(Vec::new()).count, 0);
    }
}
