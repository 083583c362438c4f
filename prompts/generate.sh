#!/bin/sh
# Generates the bridge's voice prompts: 16 kHz, mono, 16-bit PCM WAV, in prompts/en and prompts/de.
# Needs espeak-ng and sox. File names are the ones Bridge.Conferencing's PromptCatalog expects.
# Usage: prompts/generate.sh   (run from anywhere; rewrites the WAVs in place)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# say LANG VOICE NAME TEXT: speech, leading/trailing silence trimmed, 40 ms of silence kept at the end
say() {
    lang=$1 voice=$2 name=$3 text=$4
    espeak-ng -v "$voice" -s 185 -w "$tmp/raw.wav" "$text"
    sox "$tmp/raw.wav" -r 16000 -c 1 -b 16 -e signed-integer "$here/$lang/$name.wav" \
        silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -3 pad 0 0.04
}

# tones LANG: join = rising two-note chime, leave = falling; 16 kHz mono 16-bit
tones() {
    lang=$1
    # lobby-music: a soft two-note tone (-26 dBFS peak), 2 s with a pause, looped while a caller waits in the lobby
    sox -n -r 16000 -c 1 -b 16 -e signed-integer "$here/$lang/lobby-music.wav" \
        synth 0.6 sine 523 fade 0.15 0.6 0.3 vol 0.05 : synth 0.6 sine 392 fade 0.15 0.6 0.3 vol 0.05 : synth 0.8 sine 0 vol 0
    sox -n -r 16000 -c 1 -b 16 -e signed-integer "$here/$lang/participant-joined.wav" \
        synth 0.12 sine 660 fade 0.01 0.12 0.02 : synth 0.16 sine 990 fade 0.01 0.16 0.04 vol 0.5
    sox -n -r 16000 -c 1 -b 16 -e signed-integer "$here/$lang/participant-left.wav" \
        synth 0.12 sine 990 fade 0.01 0.12 0.02 : synth 0.16 sine 660 fade 0.01 0.16 0.04 vol 0.5
}

mkdir -p "$here/en" "$here/de"

v=en-us
say en $v welcome "Welcome to the conference bridge."
say en $v enter-conference-number "Please enter the conference number, followed by the hash key."
say en $v invalid-conference-number "That conference number is not valid."
say en $v enter-pin "Please enter the PIN, followed by the hash key."
say en $v wrong-pin "That PIN is not correct."
say en $v goodbye "Goodbye."
say en $v first-participant "You are the first participant."
say en $v one-other-participant "There is one other participant."
say en $v there-are "There are"
say en $v other-participants "other participants."
say en $v more-than-20-participants "There are more than twenty other participants."
say en $v waiting-for-moderator "Please wait for the moderator."
say en $v room-full "This conference is full."
say en $v room-locked "This conference is locked."
say en $v room-unlocked "The conference is unlocked."
say en $v muted "You are muted."
say en $v unmuted "You are unmuted."
say en $v all-muted "All other participants are muted."
say en $v ends-in-5-minutes "The conference will end in five minutes."
say en $v conference-ended "The conference has ended."
say en $v not-possible "This is not possible at the moment."
say en $v conference-not-open "This conference is not open now. Please call again at the time of the meeting."
say en $v echo-test "Echo test. You will hear yourself after one second."
say en $v hand-raised "Your hand is raised."
say en $v hand-lowered "Your hand is lowered."
say en $v lobby-wait "Please wait, a moderator will let you in."
say en $v lobby-denied "A moderator did not let you in."
say en $v lobby-knock "Someone is waiting in the lobby. Press star four to let them in."
say en $v lobby-admitted "The waiting callers have been let in."
say en $v removed "A moderator has removed you from the conference."
for n in $(seq 2 20); do say en $v "number-$n" "$n"; done
say en $v dial-out-enter-number "Please enter the number to call, followed by the hash key."
say en $v dial-out-calling "Calling. Please wait."
say en $v dial-out-answered "The call was answered."
say en $v dial-out-declined "The call was declined."
say en $v dial-out-no-answer "There was no answer."
say en $v dial-out-not-allowed "This number cannot be called."
say en $v invited "You are invited to the conference"
say en $v press-1-to-join "Press 1 to join."
for n in 0 1; do say en $v "digit-$n" "$n"; done  # 2-9 are number-2 … number-9
tones en

v=de
say de $v welcome "Willkommen bei der Telefonkonferenz."
say de $v enter-conference-number "Bitte geben Sie die Konferenznummer ein, gefolgt von der Rautetaste."
say de $v invalid-conference-number "Diese Konferenznummer ist ungültig."
say de $v enter-pin "Bitte geben Sie die PIN ein, gefolgt von der Rautetaste."
say de $v wrong-pin "Diese PIN ist nicht korrekt."
say de $v goodbye "Auf Wiederhören."
say de $v first-participant "Sie sind der erste Teilnehmer."
say de $v one-other-participant "Es ist ein weiterer Teilnehmer anwesend."
say de $v there-are "Es sind"
say de $v other-participants "weitere Teilnehmer anwesend."
say de $v more-than-20-participants "Es sind mehr als zwanzig weitere Teilnehmer anwesend."
say de $v waiting-for-moderator "Bitte warten Sie auf den Moderator."
say de $v room-full "Diese Konferenz ist voll."
say de $v room-locked "Diese Konferenz ist gesperrt."
say de $v room-unlocked "Die Konferenz ist wieder offen."
say de $v muted "Ihr Mikrofon ist stumm geschaltet."
say de $v unmuted "Ihr Mikrofon ist eingeschaltet."
say de $v all-muted "Alle anderen Teilnehmer sind stumm geschaltet."
say de $v ends-in-5-minutes "Die Konferenz endet in fünf Minuten."
say de $v conference-ended "Die Konferenz ist beendet."
say de $v not-possible "Das ist im Moment leider nicht möglich."
say de $v conference-not-open "Diese Konferenz ist jetzt nicht geöffnet. Bitte rufen Sie zur Zeit der Besprechung wieder an."
say de $v echo-test "Echotest. Sie hören sich selbst nach einer Sekunde."
say de $v hand-raised "Ihre Hand ist gehoben."
say de $v hand-lowered "Ihre Hand ist gesenkt."
say de $v lobby-wait "Bitte warten Sie, ein Moderator lässt Sie gleich herein."
say de $v lobby-denied "Ein Moderator hat Sie nicht hereingelassen."
say de $v lobby-knock "Jemand wartet im Warteraum. Drücken Sie Stern vier, um ihn hereinzulassen."
say de $v lobby-admitted "Die Wartenden wurden hereingelassen."
say de $v removed "Ein Moderator hat Sie aus der Konferenz entfernt."
for n in $(seq 2 20); do say de $v "number-$n" "$n"; done
say de $v dial-out-enter-number "Bitte geben Sie die Rufnummer ein, gefolgt von der Rautetaste."
say de $v dial-out-calling "Die Nummer wird angerufen. Bitte warten."
say de $v dial-out-answered "Der Anruf wurde angenommen."
say de $v dial-out-declined "Der Anruf wurde abgelehnt."
say de $v dial-out-no-answer "Es hat sich niemand gemeldet."
say de $v dial-out-not-allowed "Diese Nummer kann nicht angerufen werden."
say de $v invited "Sie sind eingeladen zur Konferenz"
say de $v press-1-to-join "Drücken Sie die 1, um teilzunehmen."
for n in 0 1; do say de $v "digit-$n" "$n"; done
tones de

du -ch "$here"/en/*.wav "$here"/de/*.wav | tail -1
