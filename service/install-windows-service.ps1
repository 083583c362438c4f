# Installs Bridge as a Windows service. Run in an elevated PowerShell from the repository root:
#   .\service\install-windows-service.ps1 -InstallDir 'C:\Program Files\Bridge' -DataDir 'C:\ProgramData\Bridge'
param(
    [string]$InstallDir = "$env:ProgramFiles\Bridge",
    [string]$DataDir = "$env:ProgramData\Bridge"
)
$ErrorActionPreference = 'Stop'
dotnet publish src/Bridge.Service -c Release -o $InstallDir
Copy-Item -Recurse -Force dialplans, prompts $InstallDir
New-Item -ItemType Directory -Force $DataDir | Out-Null
$binary = "`"$InstallDir\bridge.exe`" run --Bridge:Data=`"$DataDir`""
New-Service -Name Bridge -DisplayName 'Bridge SIP conference bridge' -BinaryPathName $binary -StartupType Automatic
New-NetFirewallRule -DisplayName 'Bridge SIP' -Direction Inbound -Protocol UDP -LocalPort 5060 -Action Allow | Out-Null
New-NetFirewallRule -DisplayName 'Bridge SIP TCP/TLS' -Direction Inbound -Protocol TCP -LocalPort 5060,5061 -Action Allow | Out-Null
New-NetFirewallRule -DisplayName 'Bridge RTP' -Direction Inbound -Protocol UDP -LocalPort 20000-29999 -Action Allow | Out-Null
Start-Service Bridge
