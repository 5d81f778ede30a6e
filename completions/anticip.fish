# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_anticip_global_optspecs
    string join \n db= json v/verbose q/quiet h/help V/version
end

function __fish_anticip_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_anticip_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_anticip_using_subcommand
    set -l cmd (__fish_anticip_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c anticip -n "__fish_anticip_needs_command" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_needs_command" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_needs_command" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_needs_command" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_needs_command" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_needs_command" -s V -l version -d 'Print version'
complete -c anticip -n "__fish_anticip_needs_command" -f -a "event" -d 'Schedule, inspect and manage HTTP callbacks and SQS messages'
complete -c anticip -n "__fish_anticip_needs_command" -f -a "rule" -d 'Create and fire rules: remote triggers, schedules, amount queries'
complete -c anticip -n "__fish_anticip_needs_command" -f -a "credential" -d 'Store and manage credentials for AWS, Stripe and other APIs'
complete -c anticip -n "__fish_anticip_needs_command" -f -a "sync" -d 'Keep copies of third-party API collections with a change stream'
complete -c anticip -n "__fish_anticip_needs_command" -f -a "key" -d 'Create, list and revoke API keys for the HTTP API'
complete -c anticip -n "__fish_anticip_needs_command" -f -a "serve" -d 'Run the engine and the HTTP API until SIGTERM or SIGINT'
complete -c anticip -n "__fish_anticip_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c anticip -n "__fish_anticip_needs_command" -f -a "generate" -d 'Write completions/ and man/ into a directory (for packaging and the repository)'
complete -c anticip -n "__fish_anticip_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -f -a "create" -d 'Schedule an HTTP callback or an SQS message; prints the new event\'s id'
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -f -a "list" -d 'List events in time order'
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -f -a "get" -d 'Show an event, its state and every delivery attempt'
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -f -a "delete" -d 'Delete an event so that it never fires'
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -f -a "retry" -d 'Queue a failed event again, due now, with a fresh set of attempts'
complete -c anticip -n "__fish_anticip_using_subcommand event; and not __fish_seen_subcommand_from create list get delete retry help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l when -d 'When to fire: a timestamp, a relative time or a calendar phrase (see below)' -r
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l url -d 'The http(s) URL to call; for sqs events the queue URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/orders' -r
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l document -d 'What to send: JSON for json and sqs events (an object), the XML text for xml events. @FILE reads a file, - reads stdin [default: {} for json and sqs, empty for xml]' -r
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l type -r -f -a "json\t'`{"id","when","build","document"}` as application/json'
xml\t'The document string as application/xml'
sqs\t'The JSON document as the body of an Amazon SQS message'"
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l method -d 'The HTTP method (not for sqs events) [default: post]' -r -f -a "get\t''
post\t''
put\t''
patch\t''
delete\t''"
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l header -d 'An extra request header, \'Name: value\' (repeatable; not for sqs events)' -r
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l timeout -d 'How long one attempt may take (e.g. 30s, 2m)' -r
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l max-attempts -d 'Attempts before the event fails for good' -r
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l credential -d 'The stored AWS credential to sign with (see `anticip credential add aws`) [default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else AWS_PROFILE in ~/.aws/credentials, as anticip serve sees them]' -r
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l message-group-id -d 'The message group of a FIFO queue [default: the event id]' -r
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l region -d 'The signing region [default: the credential\'s, else the queue URL\'s, else AWS_REGION, else us-east-1]' -r
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from list" -l status -d 'Only events in this state' -r -f -a "all\t''
scheduled\t''
retrying\t''
delivered\t''
failed\t''
deleted\t''"
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from list" -l limit -d 'At most this many events' -r
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from list" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from get" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from get" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from delete" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from retry" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from retry" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from help" -f -a "create" -d 'Schedule an HTTP callback or an SQS message; prints the new event\'s id'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from help" -f -a "list" -d 'List events in time order'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show an event, its state and every delivery attempt'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete an event so that it never fires'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Queue a failed event again, due now, with a fresh set of attempts'
complete -c anticip -n "__fish_anticip_using_subcommand event; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -f -a "create" -d 'Create a rule; prints its id, trigger URL and, this once only, its secrets'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -f -a "list" -d 'List rules'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -f -a "get" -d 'Show a rule and its next fire times'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -f -a "enable" -d 'Let the rule be triggered again'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -f -a "disable" -d 'Refuse triggers and stop its schedule; queued runs still run'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -f -a "delete" -d 'Delete a rule with its runs'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -f -a "trigger" -d 'Fire a rule by hand; prints the run\'s request id'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -f -a "runs" -d 'The rule\'s run history, newest first'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -f -a "rotate-secret" -d 'Make a new trigger secret; the old one keeps working for the grace period'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and not __fish_seen_subcommand_from create list get enable disable delete trigger runs rotate-secret help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l name -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l trigger -d 'How the rule is fired' -r -f -a "remote\t'By POST to its trigger URL, with its secret'
schedule\t'By its schedule (--cron or --every)'
manual\t'Only by hand (`anticip rule trigger`)'"
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l action-url -d 'Where the action is POSTed' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l amount-cents -d 'A fixed amount' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l amount-from -d 'Ask this URL for the amount ("Query Remote API"): it answers {"amountInCents": N}' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l amount-cap-cents -d 'Refuse a queried amount above this' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l cron -d 'For --trigger schedule: a 5-field cron expression, e.g. "0 9 * * MON"' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l tz -d 'The IANA time zone of --cron' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l every -d 'For --trigger schedule: a fixed interval, e.g. 15m' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l rate-limit -d 'Remote triggers allowed per interval; more get 429 with Retry-After' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l max-concurrent-runs -d 'Runs of this rule at once; the others wait their turn' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l timeout -d 'How long the amount query and each action call may take' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l max-attempts -d 'Action calls before the run fails for good' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l idempotency-ttl -d 'How long an idempotency key is remembered (at least 24h)' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l base-url -d 'Where `serve` is reached, for trigger URLs [default: http:// + $ANTICIP_LISTEN, else http://127.0.0.1:7878]' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from list" -l base-url -d 'Where `serve` is reached, for trigger URLs [default: http:// + $ANTICIP_LISTEN, else http://127.0.0.1:7878]' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from list" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from get" -l base-url -d 'Where `serve` is reached, for trigger URLs [default: http:// + $ANTICIP_LISTEN, else http://127.0.0.1:7878]' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from get" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from get" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from enable" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from enable" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from disable" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from disable" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from delete" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from trigger" -l idempotency-key -d 'A retry with the same key runs nothing new and gets the same request id' -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from trigger" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from trigger" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from trigger" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from trigger" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from trigger" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from runs" -l limit -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from runs" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from runs" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from runs" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from runs" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from runs" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from rotate-secret" -l grace -r
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from rotate-secret" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from rotate-secret" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from rotate-secret" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from rotate-secret" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from rotate-secret" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a rule; prints its id, trigger URL and, this once only, its secrets'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from help" -f -a "list" -d 'List rules'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a rule and its next fire times'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Let the rule be triggered again'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Refuse triggers and stop its schedule; queued runs still run'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a rule with its runs'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from help" -f -a "trigger" -d 'Fire a rule by hand; prints the run\'s request id'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from help" -f -a "runs" -d 'The rule\'s run history, newest first'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from help" -f -a "rotate-secret" -d 'Make a new trigger secret; the old one keeps working for the grace period'
complete -c anticip -n "__fish_anticip_using_subcommand rule; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and not __fish_seen_subcommand_from add list get delete help" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand credential; and not __fish_seen_subcommand_from add list get delete help" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and not __fish_seen_subcommand_from add list get delete help" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and not __fish_seen_subcommand_from add list get delete help" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and not __fish_seen_subcommand_from add list get delete help" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and not __fish_seen_subcommand_from add list get delete help" -f -a "add" -d 'Store a credential; prints its id. Secrets are never shown again'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and not __fish_seen_subcommand_from add list get delete help" -f -a "list" -d 'List credentials, secrets masked'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and not __fish_seen_subcommand_from add list get delete help" -f -a "get" -d 'Show one credential, secrets masked'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and not __fish_seen_subcommand_from add list get delete help" -f -a "delete" -d 'Delete a credential nothing uses any more'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and not __fish_seen_subcommand_from add list get delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from add" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from add" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from add" -f -a "aws" -d 'AWS access keys, for SQS events'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from add" -f -a "stripe" -d 'A Stripe secret or restricted key, for Stripe syncs'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from add" -f -a "http" -d 'Any HTTP API: a bearer token, basic auth, or an API key in a header or query parameter'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from add" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from list" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from get" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from get" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from delete" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from help" -f -a "add" -d 'Store a credential; prints its id. Secrets are never shown again'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from help" -f -a "list" -d 'List credentials, secrets masked'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show one credential, secrets masked'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a credential nothing uses any more'
complete -c anticip -n "__fish_anticip_using_subcommand credential; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -f -a "create" -d 'Create a sync; prints its id. Its backfill starts at once'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -f -a "list" -d 'List syncs with their status'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -f -a "get" -d 'Show a sync and the status of each collection'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -f -a "pause" -d 'Stop a sync\'s requests until it is resumed'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -f -a "resume" -d 'Resume a paused sync where it stopped'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -f -a "run" -d 'Run a sync in the foreground until every collection has completed its backfill (or, once backfilled, one poll); shows progress on a terminal'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -f -a "delete" -d 'Delete a sync with its records and change stream'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -f -a "records" -d 'The records of a sync, in the order they last changed'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -f -a "events" -d 'The change stream of a sync (--json: one Sequin event object per line)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and not __fish_seen_subcommand_from create list get pause resume run delete records events help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l provider -r -f -a "stripe\t'Stripe\'s API (collections stripe:customer, stripe:invoice, …)'
json-server\t'A json-server-style API: /<collection>?_page=N&_limit=100'
http\t'Any JSON REST API, described in a TOML file (--config)'"
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l name -d 'A unique name to refer to it by' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l credential -d 'The credential (id or name) its requests authenticate with' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l collections -d 'Collections to sync, comma-separated [default for http: all in the file]' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l config -d 'The TOML file describing the API (--provider http)' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l base-url -d 'Send requests here instead of the provider\'s own host (tests, emulators, proxies)' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l rate-limit -d 'At most N requests per INTERVAL, shared with every sync of the same credential (e.g. 100/60s) [default: 25/1s for stripe, none otherwise]' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l max-concurrent -d 'At most N requests in flight at once (0: no limit)' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l every -d 'How often to poll for changes once backfilled' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l metadata -d 'Your own JSON object, kept with it' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from list" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from get" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from get" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from pause" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from pause" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from pause" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from pause" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from resume" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from resume" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from resume" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from resume" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from run" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from run" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from delete" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from records" -l sync -d 'The sync (id or name)' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from records" -l collection -d 'Only this collection' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from records" -l after -d 'Start after this seq (a number, or the `seq` of a JSON line)' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from records" -l limit -d 'At most this many' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from records" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from records" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from records" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from records" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from records" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from events" -l sync -d 'The sync (id or name)' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from events" -l collection -d 'Only this collection' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from events" -l after -d 'Start after this seq (a number, or the `seq` of a JSON line)' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from events" -l limit -d 'At most this many' -r
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from events" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from events" -l follow -d 'Keep printing new events as they are committed (stop with Ctrl-C)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from events" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from events" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from events" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from events" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a sync; prints its id. Its backfill starts at once'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "list" -d 'List syncs with their status'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "get" -d 'Show a sync and the status of each collection'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Stop a sync\'s requests until it is resumed'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused sync where it stopped'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run a sync in the foreground until every collection has completed its backfill (or, once backfilled, one poll); shows progress on a terminal'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a sync with its records and change stream'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "records" -d 'The records of a sync, in the order they last changed'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "events" -d 'The change stream of a sync (--json: one Sequin event object per line)'
complete -c anticip -n "__fish_anticip_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and not __fish_seen_subcommand_from create import list revoke help" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand key; and not __fish_seen_subcommand_from create import list revoke help" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand key; and not __fish_seen_subcommand_from create import list revoke help" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand key; and not __fish_seen_subcommand_from create import list revoke help" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and not __fish_seen_subcommand_from create import list revoke help" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand key; and not __fish_seen_subcommand_from create import list revoke help" -f -a "create" -d 'Make an API key for the HTTP API; prints it once (it cannot be shown again)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and not __fish_seen_subcommand_from create import list revoke help" -f -a "import" -d 'Store an existing key read from stdin (e.g. the anticipated.io key your clients already send)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and not __fish_seen_subcommand_from create import list revoke help" -f -a "list" -d 'List API keys: id, name, created, last used (never the key)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and not __fish_seen_subcommand_from create import list revoke help" -f -a "revoke" -d 'Revoke an API key: requests with it are refused from now on'
complete -c anticip -n "__fish_anticip_using_subcommand key; and not __fish_seen_subcommand_from create import list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from create" -l name -d 'A name to recognise it by, e.g. the service that uses it' -r
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from create" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from import" -l name -d 'A name to recognise it by' -r
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from import" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from import" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from list" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from revoke" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from revoke" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "create" -d 'Make an API key for the HTTP API; prints it once (it cannot be shown again)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "import" -d 'Store an existing key read from stdin (e.g. the anticipated.io key your clients already send)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List API keys: id, name, created, last used (never the key)'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke an API key: requests with it are refused from now on'
complete -c anticip -n "__fish_anticip_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand serve" -l listen -d 'Where the HTTP API listens, HOST:PORT (port 0 picks a free port; the log says which)' -r
complete -c anticip -n "__fish_anticip_using_subcommand serve" -l concurrency -d 'Deliveries in flight at once' -r
complete -c anticip -n "__fish_anticip_using_subcommand serve" -l shutdown-grace -d 'On SIGTERM/SIGINT, how long in-flight requests and deliveries may take to finish' -r
complete -c anticip -n "__fish_anticip_using_subcommand serve" -l retry-base -d 'The first retry delay; each next one is 3 times longer, jittered by ±20%' -r
complete -c anticip -n "__fish_anticip_using_subcommand serve" -l retry-cap -d 'The longest retry delay' -r
complete -c anticip -n "__fish_anticip_using_subcommand serve" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand serve" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand serve" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand serve" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand serve" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand completions" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand completions" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand completions" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand completions" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand generate" -l db -d 'The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]' -r -F
complete -c anticip -n "__fish_anticip_using_subcommand generate" -l json -d 'Print machine-readable JSON on stdout'
complete -c anticip -n "__fish_anticip_using_subcommand generate" -s v -l verbose -d 'More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter'
complete -c anticip -n "__fish_anticip_using_subcommand generate" -s q -l quiet -d 'Less log output (-q errors only, -qq nothing)'
complete -c anticip -n "__fish_anticip_using_subcommand generate" -s h -l help -d 'Print help'
complete -c anticip -n "__fish_anticip_using_subcommand help; and not __fish_seen_subcommand_from event rule credential sync key serve completions generate help" -f -a "event" -d 'Schedule, inspect and manage HTTP callbacks and SQS messages'
complete -c anticip -n "__fish_anticip_using_subcommand help; and not __fish_seen_subcommand_from event rule credential sync key serve completions generate help" -f -a "rule" -d 'Create and fire rules: remote triggers, schedules, amount queries'
complete -c anticip -n "__fish_anticip_using_subcommand help; and not __fish_seen_subcommand_from event rule credential sync key serve completions generate help" -f -a "credential" -d 'Store and manage credentials for AWS, Stripe and other APIs'
complete -c anticip -n "__fish_anticip_using_subcommand help; and not __fish_seen_subcommand_from event rule credential sync key serve completions generate help" -f -a "sync" -d 'Keep copies of third-party API collections with a change stream'
complete -c anticip -n "__fish_anticip_using_subcommand help; and not __fish_seen_subcommand_from event rule credential sync key serve completions generate help" -f -a "key" -d 'Create, list and revoke API keys for the HTTP API'
complete -c anticip -n "__fish_anticip_using_subcommand help; and not __fish_seen_subcommand_from event rule credential sync key serve completions generate help" -f -a "serve" -d 'Run the engine and the HTTP API until SIGTERM or SIGINT'
complete -c anticip -n "__fish_anticip_using_subcommand help; and not __fish_seen_subcommand_from event rule credential sync key serve completions generate help" -f -a "completions" -d 'Print a shell completion script'
complete -c anticip -n "__fish_anticip_using_subcommand help; and not __fish_seen_subcommand_from event rule credential sync key serve completions generate help" -f -a "generate" -d 'Write completions/ and man/ into a directory (for packaging and the repository)'
complete -c anticip -n "__fish_anticip_using_subcommand help; and not __fish_seen_subcommand_from event rule credential sync key serve completions generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from event" -f -a "create" -d 'Schedule an HTTP callback or an SQS message; prints the new event\'s id'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from event" -f -a "list" -d 'List events in time order'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from event" -f -a "get" -d 'Show an event, its state and every delivery attempt'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from event" -f -a "delete" -d 'Delete an event so that it never fires'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from event" -f -a "retry" -d 'Queue a failed event again, due now, with a fresh set of attempts'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from rule" -f -a "create" -d 'Create a rule; prints its id, trigger URL and, this once only, its secrets'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from rule" -f -a "list" -d 'List rules'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from rule" -f -a "get" -d 'Show a rule and its next fire times'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from rule" -f -a "enable" -d 'Let the rule be triggered again'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from rule" -f -a "disable" -d 'Refuse triggers and stop its schedule; queued runs still run'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from rule" -f -a "delete" -d 'Delete a rule with its runs'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from rule" -f -a "trigger" -d 'Fire a rule by hand; prints the run\'s request id'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from rule" -f -a "runs" -d 'The rule\'s run history, newest first'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from rule" -f -a "rotate-secret" -d 'Make a new trigger secret; the old one keeps working for the grace period'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from credential" -f -a "add" -d 'Store a credential; prints its id. Secrets are never shown again'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from credential" -f -a "list" -d 'List credentials, secrets masked'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from credential" -f -a "get" -d 'Show one credential, secrets masked'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from credential" -f -a "delete" -d 'Delete a credential nothing uses any more'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "create" -d 'Create a sync; prints its id. Its backfill starts at once'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "list" -d 'List syncs with their status'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "get" -d 'Show a sync and the status of each collection'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "pause" -d 'Stop a sync\'s requests until it is resumed'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "resume" -d 'Resume a paused sync where it stopped'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "run" -d 'Run a sync in the foreground until every collection has completed its backfill (or, once backfilled, one poll); shows progress on a terminal'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "delete" -d 'Delete a sync with its records and change stream'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "records" -d 'The records of a sync, in the order they last changed'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "events" -d 'The change stream of a sync (--json: one Sequin event object per line)'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "create" -d 'Make an API key for the HTTP API; prints it once (it cannot be shown again)'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "import" -d 'Store an existing key read from stdin (e.g. the anticipated.io key your clients already send)'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "list" -d 'List API keys: id, name, created, last used (never the key)'
complete -c anticip -n "__fish_anticip_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "revoke" -d 'Revoke an API key: requests with it are refused from now on'
