//! Around every request: give it an id, write error bodies (which need the
//! id; in Sequence's envelope under `/api/remote-api/`), count it, and log it
//! at debug level — the path only, never the query string or headers, so a
//! key or secret sent by mistake is never written down.
//!
//! A tower layer rather than `axum::middleware::from_fn`, which boxes a
//! future and clones the route's service for every request.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, Method, Uri, header};
use axum::response::Response;
use pin_project_lite::pin_project;
use tower::layer::layer_fn;
use tower::{Layer, Service};

use super::{ApiError, AppState, RequestId, error};

/// Frames every request to the services it wraps.
pub fn layer<S>(
    app: AppState,
) -> impl Layer<S, Service = Frame<S>> + Clone + Send + Sync + 'static {
    layer_fn(move |inner| Frame {
        inner,
        app: app.clone(),
    })
}

#[derive(Clone)]
pub struct Frame<S> {
    inner: S,
    app: AppState,
}

impl<S> Service<Request> for Frame<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Framed<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Framed<S::Future> {
        let id = RequestId(crate::ids::short_id().into());
        let open = Open {
            started: Instant::now(),
            method: request.method().clone(),
            route: request.extensions().get::<MatchedPath>().cloned(),
            uri: request.uri().clone(),
            id: id.clone(),
            app: self.app.clone(),
        };
        request.extensions_mut().insert(id);
        Framed {
            inner: self.inner.call(request),
            open: Some(open),
        }
    }
}

pin_project! {
    /// The route's answer, finished by [`Open::close`].
    pub struct Framed<F> {
        #[pin]
        inner: F,
        open: Option<Open>,
    }
}

impl<F: Future<Output = Result<Response, Infallible>>> Future for Framed<F> {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let Ok(response) = ready!(this.inner.poll(cx));
        let open = this.open.take().expect("a request is answered once");
        Poll::Ready(Ok(open.close(response)))
    }
}

/// What a request's answer is finished with.
pub struct Open {
    started: Instant,
    method: Method,
    route: Option<MatchedPath>,
    uri: Uri,
    id: RequestId,
    app: AppState,
}

impl Open {
    fn close(self, mut response: Response) -> Response {
        let Open {
            started,
            method,
            route,
            uri,
            id,
            app,
        } = self;
        let status = response.status();
        let error = response.extensions_mut().remove::<ApiError>();
        let is_json = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        let error = match error {
            Some(error) => Some(error),
            // axum's own rejections are plain text: give them our shape too.
            None if (status.is_client_error() || status.is_server_error()) && !is_json => {
                Some(ApiError::from_status(status))
            }
            None => None,
        };
        if let Some(error) = &error {
            let body = if uri.path().starts_with(crate::rules::api::PREFIX) {
                error.sequence_body()
            } else {
                error.body(&id)
            };
            let mut rebuilt = Response::new(Body::from(body));
            *rebuilt.status_mut() = status;
            for (name, value) in response.headers() {
                if name != header::CONTENT_LENGTH {
                    rebuilt.headers_mut().insert(name, value.clone());
                }
            }
            rebuilt
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(error::JSON));
            response = rebuilt;
        }
        if let Ok(value) = HeaderValue::from_str(&id.0) {
            response.headers_mut().insert("x-request-id", value);
        }
        let elapsed = started.elapsed();
        let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
        app.metrics.observe(method.as_str(), route, status, elapsed);
        tracing::debug!(
            request = %id.0,
            %method,
            path = uri.path(),
            status = status.as_u16(),
            error = error.as_ref().map(|e| e.code),
            micros = elapsed.as_micros() as u64,
            "http"
        );
        response
    }
}
