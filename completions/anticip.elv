
use builtin;
use str;

set edit:completion:arg-completer[anticip] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'anticip'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'anticip'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand event 'Schedule, inspect and manage HTTP callbacks and SQS messages'
            cand rule 'Create and fire rules: remote triggers, schedules, amount queries'
            cand credential 'Store and manage credentials for AWS, Stripe and other APIs'
            cand sync 'Keep copies of third-party API collections with a change stream'
            cand key 'Create, list and revoke API keys for the HTTP API'
            cand serve 'Run the engine and the HTTP API until SIGTERM or SIGINT'
            cand completions 'Print a shell completion script'
            cand generate 'Write completions/ and man/ into a directory (for packaging and the repository)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;event'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Schedule an HTTP callback or an SQS message; prints the new event''s id'
            cand list 'List events in time order'
            cand get 'Show an event, its state and every delivery attempt'
            cand delete 'Delete an event so that it never fires'
            cand retry 'Queue a failed event again, due now, with a fresh set of attempts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;event;create'= {
            cand --when 'When to fire: a timestamp, a relative time or a calendar phrase (see below)'
            cand --url 'The http(s) URL to call; for sqs events the queue URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/orders'
            cand --document 'What to send: JSON for json and sqs events (an object), the XML text for xml events. @FILE reads a file, - reads stdin [default: {} for json and sqs, empty for xml]'
            cand --type 'type'
            cand --method 'The HTTP method (not for sqs events) [default: post]'
            cand --header 'An extra request header, ''Name: value'' (repeatable; not for sqs events)'
            cand --timeout 'How long one attempt may take (e.g. 30s, 2m)'
            cand --max-attempts 'Attempts before the event fails for good'
            cand --credential 'The stored AWS credential to sign with (see `anticip credential add aws`) [default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else AWS_PROFILE in ~/.aws/credentials, as anticip serve sees them]'
            cand --message-group-id 'The message group of a FIFO queue [default: the event id]'
            cand --region 'The signing region [default: the credential''s, else the queue URL''s, else AWS_REGION, else us-east-1]'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'anticip;event;list'= {
            cand --status 'Only events in this state'
            cand --limit 'At most this many events'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;event;get'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;event;delete'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;event;retry'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;event;help'= {
            cand create 'Schedule an HTTP callback or an SQS message; prints the new event''s id'
            cand list 'List events in time order'
            cand get 'Show an event, its state and every delivery attempt'
            cand delete 'Delete an event so that it never fires'
            cand retry 'Queue a failed event again, due now, with a fresh set of attempts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;event;help;create'= {
        }
        &'anticip;event;help;list'= {
        }
        &'anticip;event;help;get'= {
        }
        &'anticip;event;help;delete'= {
        }
        &'anticip;event;help;retry'= {
        }
        &'anticip;event;help;help'= {
        }
        &'anticip;rule'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create a rule; prints its id, trigger URL and, this once only, its secrets'
            cand list 'List rules'
            cand get 'Show a rule and its next fire times'
            cand enable 'Let the rule be triggered again'
            cand disable 'Refuse triggers and stop its schedule; queued runs still run'
            cand delete 'Delete a rule with its runs'
            cand trigger 'Fire a rule by hand; prints the run''s request id'
            cand runs 'The rule''s run history, newest first'
            cand rotate-secret 'Make a new trigger secret; the old one keeps working for the grace period'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;rule;create'= {
            cand --name 'name'
            cand --trigger 'How the rule is fired'
            cand --action-url 'Where the action is POSTed'
            cand --amount-cents 'A fixed amount'
            cand --amount-from 'Ask this URL for the amount ("Query Remote API"): it answers {"amountInCents": N}'
            cand --amount-cap-cents 'Refuse a queried amount above this'
            cand --cron 'For --trigger schedule: a 5-field cron expression, e.g. "0 9 * * MON"'
            cand --tz 'The IANA time zone of --cron'
            cand --every 'For --trigger schedule: a fixed interval, e.g. 15m'
            cand --rate-limit 'Remote triggers allowed per interval; more get 429 with Retry-After'
            cand --max-concurrent-runs 'Runs of this rule at once; the others wait their turn'
            cand --timeout 'How long the amount query and each action call may take'
            cand --max-attempts 'Action calls before the run fails for good'
            cand --idempotency-ttl 'How long an idempotency key is remembered (at least 24h)'
            cand --base-url 'Where `serve` is reached, for trigger URLs [default: http:// + $ANTICIP_LISTEN, else http://127.0.0.1:7878]'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'anticip;rule;list'= {
            cand --base-url 'Where `serve` is reached, for trigger URLs [default: http:// + $ANTICIP_LISTEN, else http://127.0.0.1:7878]'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;rule;get'= {
            cand --base-url 'Where `serve` is reached, for trigger URLs [default: http:// + $ANTICIP_LISTEN, else http://127.0.0.1:7878]'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;rule;enable'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;rule;disable'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;rule;delete'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;rule;trigger'= {
            cand --idempotency-key 'A retry with the same key runs nothing new and gets the same request id'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;rule;runs'= {
            cand --limit 'limit'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;rule;rotate-secret'= {
            cand --grace 'grace'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;rule;help'= {
            cand create 'Create a rule; prints its id, trigger URL and, this once only, its secrets'
            cand list 'List rules'
            cand get 'Show a rule and its next fire times'
            cand enable 'Let the rule be triggered again'
            cand disable 'Refuse triggers and stop its schedule; queued runs still run'
            cand delete 'Delete a rule with its runs'
            cand trigger 'Fire a rule by hand; prints the run''s request id'
            cand runs 'The rule''s run history, newest first'
            cand rotate-secret 'Make a new trigger secret; the old one keeps working for the grace period'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;rule;help;create'= {
        }
        &'anticip;rule;help;list'= {
        }
        &'anticip;rule;help;get'= {
        }
        &'anticip;rule;help;enable'= {
        }
        &'anticip;rule;help;disable'= {
        }
        &'anticip;rule;help;delete'= {
        }
        &'anticip;rule;help;trigger'= {
        }
        &'anticip;rule;help;runs'= {
        }
        &'anticip;rule;help;rotate-secret'= {
        }
        &'anticip;rule;help;help'= {
        }
        &'anticip;credential'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Store a credential; prints its id. Secrets are never shown again'
            cand list 'List credentials, secrets masked'
            cand get 'Show one credential, secrets masked'
            cand delete 'Delete a credential nothing uses any more'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;credential;add'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand aws 'AWS access keys, for SQS events'
            cand stripe 'A Stripe secret or restricted key, for Stripe syncs'
            cand http 'Any HTTP API: a bearer token, basic auth, or an API key in a header or query parameter'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;credential;add;aws'= {
            cand --name 'A unique name to refer to it by'
            cand --metadata 'Your own JSON object, kept with it'
            cand --access-key-id 'access-key-id'
            cand --secret-access-key 'secret-access-key'
            cand --session-token 'For temporary credentials'
            cand --region 'Signing region [default: taken from the queue URL]'
            cand --endpoint 'Send requests here instead of AWS (an SQS-compatible server)'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;credential;add;stripe'= {
            cand --name 'A unique name to refer to it by'
            cand --metadata 'Your own JSON object, kept with it'
            cand --secret 'The secret key, sk_live_… / sk_test_… / rk_…'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;credential;add;http'= {
            cand --name 'A unique name to refer to it by'
            cand --metadata 'Your own JSON object, kept with it'
            cand --bearer 'Authorization: Bearer TOKEN'
            cand --basic 'Basic auth'
            cand --header 'An API key in a request header'
            cand --query 'An API key in a query parameter'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;credential;add;help'= {
            cand aws 'AWS access keys, for SQS events'
            cand stripe 'A Stripe secret or restricted key, for Stripe syncs'
            cand http 'Any HTTP API: a bearer token, basic auth, or an API key in a header or query parameter'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;credential;add;help;aws'= {
        }
        &'anticip;credential;add;help;stripe'= {
        }
        &'anticip;credential;add;help;http'= {
        }
        &'anticip;credential;add;help;help'= {
        }
        &'anticip;credential;list'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;credential;get'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;credential;delete'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;credential;help'= {
            cand add 'Store a credential; prints its id. Secrets are never shown again'
            cand list 'List credentials, secrets masked'
            cand get 'Show one credential, secrets masked'
            cand delete 'Delete a credential nothing uses any more'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;credential;help;add'= {
            cand aws 'AWS access keys, for SQS events'
            cand stripe 'A Stripe secret or restricted key, for Stripe syncs'
            cand http 'Any HTTP API: a bearer token, basic auth, or an API key in a header or query parameter'
        }
        &'anticip;credential;help;add;aws'= {
        }
        &'anticip;credential;help;add;stripe'= {
        }
        &'anticip;credential;help;add;http'= {
        }
        &'anticip;credential;help;list'= {
        }
        &'anticip;credential;help;get'= {
        }
        &'anticip;credential;help;delete'= {
        }
        &'anticip;credential;help;help'= {
        }
        &'anticip;sync'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create a sync; prints its id. Its backfill starts at once'
            cand list 'List syncs with their status'
            cand get 'Show a sync and the status of each collection'
            cand pause 'Stop a sync''s requests until it is resumed'
            cand resume 'Resume a paused sync where it stopped'
            cand run 'Run a sync in the foreground until every collection has completed its backfill (or, once backfilled, one poll); shows progress on a terminal'
            cand delete 'Delete a sync with its records and change stream'
            cand records 'The records of a sync, in the order they last changed'
            cand events 'The change stream of a sync (--json: one Sequin event object per line)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;sync;create'= {
            cand --provider 'provider'
            cand --name 'A unique name to refer to it by'
            cand --credential 'The credential (id or name) its requests authenticate with'
            cand --collections 'Collections to sync, comma-separated [default for http: all in the file]'
            cand --config 'The TOML file describing the API (--provider http)'
            cand --base-url 'Send requests here instead of the provider''s own host (tests, emulators, proxies)'
            cand --rate-limit 'At most N requests per INTERVAL, shared with every sync of the same credential (e.g. 100/60s) [default: 25/1s for stripe, none otherwise]'
            cand --max-concurrent 'At most N requests in flight at once (0: no limit)'
            cand --every 'How often to poll for changes once backfilled'
            cand --metadata 'Your own JSON object, kept with it'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'anticip;sync;list'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;sync;get'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;sync;pause'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;sync;resume'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;sync;run'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;sync;delete'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;sync;records'= {
            cand --sync 'The sync (id or name)'
            cand --collection 'Only this collection'
            cand --after 'Start after this seq (a number, or the `seq` of a JSON line)'
            cand --limit 'At most this many'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;sync;events'= {
            cand --sync 'The sync (id or name)'
            cand --collection 'Only this collection'
            cand --after 'Start after this seq (a number, or the `seq` of a JSON line)'
            cand --limit 'At most this many'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --follow 'Keep printing new events as they are committed (stop with Ctrl-C)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;sync;help'= {
            cand create 'Create a sync; prints its id. Its backfill starts at once'
            cand list 'List syncs with their status'
            cand get 'Show a sync and the status of each collection'
            cand pause 'Stop a sync''s requests until it is resumed'
            cand resume 'Resume a paused sync where it stopped'
            cand run 'Run a sync in the foreground until every collection has completed its backfill (or, once backfilled, one poll); shows progress on a terminal'
            cand delete 'Delete a sync with its records and change stream'
            cand records 'The records of a sync, in the order they last changed'
            cand events 'The change stream of a sync (--json: one Sequin event object per line)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;sync;help;create'= {
        }
        &'anticip;sync;help;list'= {
        }
        &'anticip;sync;help;get'= {
        }
        &'anticip;sync;help;pause'= {
        }
        &'anticip;sync;help;resume'= {
        }
        &'anticip;sync;help;run'= {
        }
        &'anticip;sync;help;delete'= {
        }
        &'anticip;sync;help;records'= {
        }
        &'anticip;sync;help;events'= {
        }
        &'anticip;sync;help;help'= {
        }
        &'anticip;key'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Make an API key for the HTTP API; prints it once (it cannot be shown again)'
            cand import 'Store an existing key read from stdin (e.g. the anticipated.io key your clients already send)'
            cand list 'List API keys: id, name, created, last used (never the key)'
            cand revoke 'Revoke an API key: requests with it are refused from now on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;key;create'= {
            cand --name 'A name to recognise it by, e.g. the service that uses it'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;key;import'= {
            cand --name 'A name to recognise it by'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;key;list'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;key;revoke'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;key;help'= {
            cand create 'Make an API key for the HTTP API; prints it once (it cannot be shown again)'
            cand import 'Store an existing key read from stdin (e.g. the anticipated.io key your clients already send)'
            cand list 'List API keys: id, name, created, last used (never the key)'
            cand revoke 'Revoke an API key: requests with it are refused from now on'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;key;help;create'= {
        }
        &'anticip;key;help;import'= {
        }
        &'anticip;key;help;list'= {
        }
        &'anticip;key;help;revoke'= {
        }
        &'anticip;key;help;help'= {
        }
        &'anticip;serve'= {
            cand --listen 'Where the HTTP API listens, HOST:PORT (port 0 picks a free port; the log says which)'
            cand --concurrency 'Deliveries in flight at once'
            cand --shutdown-grace 'On SIGTERM/SIGINT, how long in-flight requests and deliveries may take to finish'
            cand --retry-base 'The first retry delay; each next one is 3 times longer, jittered by ±20%'
            cand --retry-cap 'The longest retry delay'
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;completions'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;generate'= {
            cand --db 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -v 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand --verbose 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
            cand -q 'Less log output (-q errors only, -qq nothing)'
            cand --quiet 'Less log output (-q errors only, -qq nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'anticip;help'= {
            cand event 'Schedule, inspect and manage HTTP callbacks and SQS messages'
            cand rule 'Create and fire rules: remote triggers, schedules, amount queries'
            cand credential 'Store and manage credentials for AWS, Stripe and other APIs'
            cand sync 'Keep copies of third-party API collections with a change stream'
            cand key 'Create, list and revoke API keys for the HTTP API'
            cand serve 'Run the engine and the HTTP API until SIGTERM or SIGINT'
            cand completions 'Print a shell completion script'
            cand generate 'Write completions/ and man/ into a directory (for packaging and the repository)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'anticip;help;event'= {
            cand create 'Schedule an HTTP callback or an SQS message; prints the new event''s id'
            cand list 'List events in time order'
            cand get 'Show an event, its state and every delivery attempt'
            cand delete 'Delete an event so that it never fires'
            cand retry 'Queue a failed event again, due now, with a fresh set of attempts'
        }
        &'anticip;help;event;create'= {
        }
        &'anticip;help;event;list'= {
        }
        &'anticip;help;event;get'= {
        }
        &'anticip;help;event;delete'= {
        }
        &'anticip;help;event;retry'= {
        }
        &'anticip;help;rule'= {
            cand create 'Create a rule; prints its id, trigger URL and, this once only, its secrets'
            cand list 'List rules'
            cand get 'Show a rule and its next fire times'
            cand enable 'Let the rule be triggered again'
            cand disable 'Refuse triggers and stop its schedule; queued runs still run'
            cand delete 'Delete a rule with its runs'
            cand trigger 'Fire a rule by hand; prints the run''s request id'
            cand runs 'The rule''s run history, newest first'
            cand rotate-secret 'Make a new trigger secret; the old one keeps working for the grace period'
        }
        &'anticip;help;rule;create'= {
        }
        &'anticip;help;rule;list'= {
        }
        &'anticip;help;rule;get'= {
        }
        &'anticip;help;rule;enable'= {
        }
        &'anticip;help;rule;disable'= {
        }
        &'anticip;help;rule;delete'= {
        }
        &'anticip;help;rule;trigger'= {
        }
        &'anticip;help;rule;runs'= {
        }
        &'anticip;help;rule;rotate-secret'= {
        }
        &'anticip;help;credential'= {
            cand add 'Store a credential; prints its id. Secrets are never shown again'
            cand list 'List credentials, secrets masked'
            cand get 'Show one credential, secrets masked'
            cand delete 'Delete a credential nothing uses any more'
        }
        &'anticip;help;credential;add'= {
            cand aws 'AWS access keys, for SQS events'
            cand stripe 'A Stripe secret or restricted key, for Stripe syncs'
            cand http 'Any HTTP API: a bearer token, basic auth, or an API key in a header or query parameter'
        }
        &'anticip;help;credential;add;aws'= {
        }
        &'anticip;help;credential;add;stripe'= {
        }
        &'anticip;help;credential;add;http'= {
        }
        &'anticip;help;credential;list'= {
        }
        &'anticip;help;credential;get'= {
        }
        &'anticip;help;credential;delete'= {
        }
        &'anticip;help;sync'= {
            cand create 'Create a sync; prints its id. Its backfill starts at once'
            cand list 'List syncs with their status'
            cand get 'Show a sync and the status of each collection'
            cand pause 'Stop a sync''s requests until it is resumed'
            cand resume 'Resume a paused sync where it stopped'
            cand run 'Run a sync in the foreground until every collection has completed its backfill (or, once backfilled, one poll); shows progress on a terminal'
            cand delete 'Delete a sync with its records and change stream'
            cand records 'The records of a sync, in the order they last changed'
            cand events 'The change stream of a sync (--json: one Sequin event object per line)'
        }
        &'anticip;help;sync;create'= {
        }
        &'anticip;help;sync;list'= {
        }
        &'anticip;help;sync;get'= {
        }
        &'anticip;help;sync;pause'= {
        }
        &'anticip;help;sync;resume'= {
        }
        &'anticip;help;sync;run'= {
        }
        &'anticip;help;sync;delete'= {
        }
        &'anticip;help;sync;records'= {
        }
        &'anticip;help;sync;events'= {
        }
        &'anticip;help;key'= {
            cand create 'Make an API key for the HTTP API; prints it once (it cannot be shown again)'
            cand import 'Store an existing key read from stdin (e.g. the anticipated.io key your clients already send)'
            cand list 'List API keys: id, name, created, last used (never the key)'
            cand revoke 'Revoke an API key: requests with it are refused from now on'
        }
        &'anticip;help;key;create'= {
        }
        &'anticip;help;key;import'= {
        }
        &'anticip;help;key;list'= {
        }
        &'anticip;help;key;revoke'= {
        }
        &'anticip;help;serve'= {
        }
        &'anticip;help;completions'= {
        }
        &'anticip;help;generate'= {
        }
        &'anticip;help;help'= {
        }
    ]
    $completions[$command]
}
