<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AddConnectionDialog</name>
    <message>
        <source>Add Connection</source>
        <translation>연결 추가</translation>
    </message>
    <message>
        <source>This computer, &amp;built in (no libvirt daemon needed)</source>
        <translation>이 컴퓨터, 내장(&amp;B) (libvirt 데몬 필요 없음)</translation>
    </message>
    <message>
        <source>This computer, user &amp;session (qemu:///session)</source>
        <translation>이 컴퓨터, 사용자 세션(&amp;S) (qemu:///session)</translation>
    </message>
    <message>
        <source>This computer, s&amp;ystem (qemu:///system)</source>
        <translation>이 컴퓨터, 시스템(&amp;Y) (qemu:///system)</translation>
    </message>
    <message>
        <source>&amp;Another computer, over SSH</source>
        <translation>다른 컴퓨터, SSH로(&amp;A)</translation>
    </message>
    <message>
        <source>C&amp;ustom URI</source>
        <translation>사용자 지정 URI(&amp;U)</translation>
    </message>
    <message>
        <source>your user name there (optional)</source>
        <translation>그 컴퓨터의 사용자 이름 (선택)</translation>
    </message>
    <message>
        <source>host name or address</source>
        <translation>호스트 이름 또는 주소</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>사용자(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>호스트(&amp;H):</translation>
    </message>
    <message>
        <source>libvirt &amp;instance:</source>
        <translation>libvirt 인스턴스(&amp;I):</translation>
    </message>
    <message>
        <source>e.g. qemu+tls://host/system or test:///default</source>
        <translation>예: qemu+tls://host/system 또는 test:///default</translation>
    </message>
    <message>
        <source>Custom URI</source>
        <translation>사용자 지정 URI</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Enter the host to connect to.</source>
        <translation>연결할 호스트를 입력하세요.</translation>
    </message>
    <message>
        <source>That connection is already in the list.</source>
        <translation>이 연결은 이미 목록에 있습니다.</translation>
    </message>
    <message>
        <source>URI: %1</source>
        <translation>URI: %1</translation>
    </message>
</context>
<context>
    <name>ConsoleDock</name>
    <message>
        <source>Detach</source>
        <translation>분리</translation>
    </message>
    <message>
        <source>Move this console into a window of its own</source>
        <translation>이 콘솔을 별도의 창으로 옮깁니다</translation>
    </message>
    <message>
        <source>Close console</source>
        <translation>콘솔 닫기</translation>
    </message>
    <message>
        <source>No console is docked here.

Open a running VM&apos;s console and choose “Dock in main window” to show it in this tab.</source>
        <translation>여기에 도킹된 콘솔이 없습니다.

실행 중인 VM의 콘솔을 열고 “메인 창에 도킹”을 선택하면 이 탭에 표시됩니다.</translation>
    </message>
</context>
<context>
    <name>ConsoleSession</name>
    <message>
        <source>VM is off</source>
        <translation>VM이 꺼져 있습니다</translation>
    </message>
    <message>
        <source>VM no longer exists</source>
        <translation>VM이 더 이상 없습니다</translation>
    </message>
    <message>
        <source>It was deleted.</source>
        <translation>삭제되었습니다.</translation>
    </message>
    <message>
        <source>Not connected to %1</source>
        <translation>%1에 연결되어 있지 않습니다</translation>
    </message>
    <message>
        <source>Connect to %1 to see the screen of &apos;%2&apos;.</source>
        <translation>&apos;%2&apos;의 화면을 보려면 %1에 연결하세요.</translation>
    </message>
    <message>
        <source>Start &apos;%1&apos; to see its screen (its state is saved).</source>
        <translation>화면을 보려면 &apos;%1&apos;을(를) 시작하세요 (상태가 저장되어 있습니다).</translation>
    </message>
    <message>
        <source>Start &apos;%1&apos; to see its screen.</source>
        <translation>화면을 보려면 &apos;%1&apos;을(를) 시작하세요.</translation>
    </message>
    <message>
        <source>%1. The console reconnects when the host is back.</source>
        <translation>%1. 호스트가 돌아오면 콘솔이 다시 연결됩니다.</translation>
    </message>
    <message>
        <source>VM is paused</source>
        <translation>VM이 일시 정지되었습니다</translation>
    </message>
    <message>
        <source>Resume it to use it.</source>
        <translation>사용하려면 재개하세요.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <source>The last attempt failed: %1</source>
        <translation>마지막 시도가 실패했습니다: %1</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>연결 실패: %1</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>연결 실패</translation>
    </message>
    <message>
        <source>The display connection was lost: %1</source>
        <translation>디스플레이 연결이 끊어졌습니다: %1</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>다시 연결 중…</translation>
    </message>
    <message>
        <source>%1 Trying again in %2.</source>
        <translation>%1 %2 후에 다시 시도합니다.</translation>
    </message>
    <message>
        <source>The VM&apos;s display closed the connection.</source>
        <translation>VM의 디스플레이가 연결을 닫았습니다.</translation>
    </message>
    <message>
        <source>1 second</source>
        <translation>1초</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <translation>%1초</translation>
    </message>
</context>
<context>
    <name>ConsoleView</name>
    <message>
        <source>Reconnect</source>
        <translation>다시 연결</translation>
    </message>
    <message>
        <source>Scale to fit</source>
        <translation>창에 맞추기</translation>
    </message>
    <message>
        <source>Show the whole screen, scaled to the window</source>
        <translation>창 크기에 맞춰 화면 전체를 보여 줍니다</translation>
    </message>
    <message>
        <source>One guest pixel per screen pixel, with scroll bars</source>
        <translation>게스트 픽셀 하나를 화면 픽셀 하나로, 스크롤 막대와 함께</translation>
    </message>
    <message>
        <source>Resize guest to window</source>
        <translation>게스트 해상도를 창에 맞추기</translation>
    </message>
    <message>
        <source>Ask the guest to change its resolution to the window&apos;s size</source>
        <translation>게스트에게 해상도를 창 크기로 바꾸도록 요청합니다</translation>
    </message>
    <message>
        <source>Send key</source>
        <translation>키 보내기</translation>
    </message>
    <message>
        <source>Ctrl+Alt+F1…F12</source>
        <translation>Ctrl+Alt+F1…F12</translation>
    </message>
    <message>
        <source>Host key (releases the keyboard)</source>
        <translation>호스트 키 (키보드 해제)</translation>
    </message>
    <message>
        <source>Screenshot…</source>
        <translation>스크린샷…</translation>
    </message>
    <message>
        <source>Save the VM&apos;s screen as a PNG image</source>
        <translation>VM 화면을 PNG 이미지로 저장합니다</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Copy the text the guest last put on its clipboard</source>
        <translation>게스트가 마지막으로 클립보드에 넣은 텍스트를 복사합니다</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
    <message>
        <source>Send this computer&apos;s clipboard text to the guest&apos;s clipboard</source>
        <translation>이 컴퓨터의 클립보드 텍스트를 게스트의 클립보드로 보냅니다</translation>
    </message>
    <message>
        <source>Eject CD/DVD</source>
        <translation>CD/DVD 꺼내기</translation>
    </message>
    <message>
        <source>Take the installation disc out, e.g. after the first boot</source>
        <translation>설치 디스크를 꺼냅니다 (예: 첫 부팅 후)</translation>
    </message>
    <message>
        <source>Type clipboard text</source>
        <translation>클립보드 텍스트 입력</translation>
    </message>
    <message>
        <source>Type this computer&apos;s clipboard text into the guest</source>
        <translation>이 컴퓨터의 클립보드 텍스트를 게스트에 입력합니다</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>콘솔</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>지금 다시 연결</translation>
    </message>
    <message>
        <source>Keyboard and mouse captured — press %1 to release</source>
        <translation>키보드와 마우스를 잡았습니다 — 해제하려면 %1 키를 누르세요</translation>
    </message>
    <message>
        <source>Keyboard captured — click to capture the mouse, %1 releases</source>
        <translation>키보드를 잡았습니다 — 클릭하면 마우스도 잡고, %1 키로 해제합니다</translation>
    </message>
    <message>
        <source>Keyboard captured — press %1 to release</source>
        <translation>키보드를 잡았습니다 — 해제하려면 %1 키를 누르세요</translation>
    </message>
    <message>
        <source>Click the screen to type into the VM</source>
        <translation>VM에 입력하려면 화면을 클릭하세요</translation>
    </message>
    <message>
        <source>Disc ejected</source>
        <translation>디스크를 꺼냈습니다</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>%1 보냄</translation>
    </message>
    <message>
        <source>The guest&apos;s clipboard text was copied to this computer</source>
        <translation>게스트의 클립보드 텍스트를 이 컴퓨터로 복사했습니다</translation>
    </message>
    <message>
        <source>Copied the guest&apos;s clipboard text</source>
        <translation>게스트의 클립보드 텍스트를 복사했습니다</translation>
    </message>
    <message>
        <source>Sent the clipboard text to the guest&apos;s clipboard</source>
        <translation>클립보드 텍스트를 게스트의 클립보드로 보냈습니다</translation>
    </message>
    <message>
        <source>Typed 1 character</source>
        <translation>1글자를 입력했습니다</translation>
    </message>
    <message>
        <source>Typed %1 characters</source>
        <translation>%1글자를 입력했습니다</translation>
    </message>
    <message>
        <source>Save Screenshot</source>
        <translation>스크린샷 저장</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>There is no screen to save yet</source>
        <translation>아직 저장할 화면이 없습니다</translation>
    </message>
    <message>
        <source>Could not save the screenshot to %1: %2</source>
        <translation>스크린샷을 %1에 저장하지 못했습니다: %2</translation>
    </message>
    <message>
        <source>Screenshot saved to %1</source>
        <translation>스크린샷을 %1에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>ConsoleWidget</name>
    <message>
        <source>VM screen</source>
        <translation>VM 화면</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>%1 — Console</source>
        <translation>%1 — 콘솔</translation>
    </message>
    <message>
        <source>Fullscreen</source>
        <translation>전체 화면</translation>
    </message>
    <message>
        <source>Full screen (F11; Host key+F while captured)</source>
        <translation>전체 화면 (F11, 입력을 잡은 동안에는 호스트 키+F)</translation>
    </message>
    <message>
        <source>Dock in main window</source>
        <translation>메인 창에 도킹</translation>
    </message>
    <message>
        <source>Show this console in the manager window&apos;s Console tab</source>
        <translation>이 콘솔을 관리자 창의 콘솔 탭에 표시합니다</translation>
    </message>
    <message>
        <source>Leave fullscreen</source>
        <translation>전체 화면 끝내기</translation>
    </message>
    <message>
        <source>Send key</source>
        <translation>키 보내기</translation>
    </message>
    <message>
        <source>Release keyboard</source>
        <translation>키보드 해제</translation>
    </message>
</context>
<context>
    <name>CreateLauncherDialog</name>
    <message>
        <source>Create Launcher</source>
        <translation>실행기 만들기</translation>
    </message>
    <message>
        <source>A launcher starts “%1” and opens its console with one click, from the applications menu.</source>
        <translation>실행기는 응용 프로그램 메뉴에서 한 번의 클릭으로 “%1”을(를) 시작하고 콘솔을 엽니다.</translation>
    </message>
    <message>
        <source>Also put it on the &amp;Desktop</source>
        <translation>바탕 화면에도 두기(&amp;D)</translation>
    </message>
    <message>
        <source>Also put the launcher on the Desktop</source>
        <translation>실행기를 바탕 화면에도 두기</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>만들기(&amp;R)</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Another program (probably another hvdesk) uses this built-in connection; close it</source>
        <translation>다른 프로그램(아마 다른 hvdesk)이 이 내장 연결을 사용하고 있습니다. 그 프로그램을 닫으세요</translation>
    </message>
    <message>
        <source>One hvdesk process can use one built-in connection folder; restart to switch</source>
        <translation>hvdesk 프로세스 하나는 내장 연결 폴더 하나만 쓸 수 있습니다. 바꾸려면 다시 시작하세요</translation>
    </message>
    <message>
        <source>A file this VM needs is missing; check the paths of its disks and media</source>
        <translation>이 VM에 필요한 파일이 없습니다. 디스크와 미디어의 경로를 확인하세요</translation>
    </message>
    <message>
        <source>Check that the file is readable and writable by the user running QEMU</source>
        <translation>QEMU를 실행하는 사용자가 파일을 읽고 쓸 수 있는지 확인하세요</translation>
    </message>
    <message>
        <source>Check that the libvirt daemon is running there and accepts connections</source>
        <translation>그곳에서 libvirt 데몬이 실행 중이며 연결을 받는지 확인하세요</translation>
    </message>
    <message>
        <source>Check the user name and that your SSH key or password is accepted</source>
        <translation>사용자 이름과 SSH 키 또는 암호가 받아들여지는지 확인하세요</translation>
    </message>
    <message>
        <source>It may have been deleted by another program; the list has been refreshed</source>
        <translation>다른 프로그램이 삭제했을 수 있습니다. 목록을 새로 고쳤습니다</translation>
    </message>
    <message>
        <source>The VM is not in a state that allows this; wait for its state to settle</source>
        <translation>VM이 이 작업을 할 수 있는 상태가 아닙니다. 상태가 안정될 때까지 기다리세요</translation>
    </message>
    <message>
        <source>Check the connection address</source>
        <translation>연결 주소를 확인하세요</translation>
    </message>
    <message>
        <source>This connection&apos;s driver does not offer it</source>
        <translation>이 연결의 드라이버는 이 기능을 제공하지 않습니다</translation>
    </message>
</context>
<context>
    <name>Hints</name>
    <message>
        <source>Start the VM first</source>
        <translation>먼저 VM을 시작하세요</translation>
    </message>
    <message>
        <source>Check the connection address</source>
        <translation>연결 주소를 확인하세요</translation>
    </message>
    <message>
        <source>Add one in its settings</source>
        <translation>VM 설정에서 추가하세요</translation>
    </message>
    <message>
        <source>Some of it could not be removed: %1</source>
        <translation>일부를 지우지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Nothing was left behind</source>
        <translation>남은 것은 없습니다</translation>
    </message>
    <message>
        <source>Choose the operating system from the list</source>
        <translation>목록에서 운영 체제를 선택하세요</translation>
    </message>
    <message>
        <source>Write it as qemu+ssh://user@host/system</source>
        <translation>qemu+ssh://user@host/system 형식으로 쓰세요</translation>
    </message>
    <message>
        <source>hvdesk uses SSH keys and the SSH agent only, never password prompts: check the user name and that your key is in the far host&apos;s authorized_keys; name a key with ?keyfile=/path/to/key in the connection address</source>
        <translation>hvdesk는 SSH 키와 SSH 에이전트만 쓰며 암호를 묻지 않습니다. 사용자 이름과 키가 원격 호스트의 authorized_keys에 있는지 확인하세요. 연결 주소에 ?keyfile=/path/to/key로 키를 지정할 수 있습니다</translation>
    </message>
    <message>
        <source>Connect once with ssh from a terminal to check and accept the key, or add ?no_verify=1 to the connection address</source>
        <translation>터미널에서 ssh로 한 번 연결하여 키를 확인하고 받아들이거나, 연결 주소에 ?no_verify=1을 추가하세요</translation>
    </message>
    <message>
        <source>Check the host name</source>
        <translation>호스트 이름을 확인하세요</translation>
    </message>
    <message>
        <source>Its sshd_config must allow AllowTcpForwarding (or AllowStreamLocalForwarding for socket displays)</source>
        <translation>그 호스트의 sshd_config에서 AllowTcpForwarding(소켓 디스플레이는 AllowStreamLocalForwarding)을 허용해야 합니다</translation>
    </message>
    <message>
        <source>Check that the VM is running; the socket must exist and be usable by %1</source>
        <translation>VM이 실행 중인지 확인하세요. 소켓이 있어야 하고 %1이(가) 쓸 수 있어야 합니다</translation>
    </message>
    <message>
        <source>the SSH user</source>
        <translation>SSH 사용자</translation>
    </message>
    <message>
        <source>Check that the VM is running and its display is enabled</source>
        <translation>VM이 실행 중이고 디스플레이가 켜져 있는지 확인하세요</translation>
    </message>
    <message>
        <source>Check that sshd runs there and the port in the connection address</source>
        <translation>그곳에서 sshd가 실행 중인지, 연결 주소의 포트가 맞는지 확인하세요</translation>
    </message>
    <message>
        <source>Check the network and the host name</source>
        <translation>네트워크와 호스트 이름을 확인하세요</translation>
    </message>
    <message>
        <source>Install it (the openssh-client package) to reach displays on remote hosts</source>
        <translation>원격 호스트의 디스플레이에 닿으려면 openssh-client 패키지를 설치하세요</translation>
    </message>
    <message>
        <source>Check the network and that the VM is running</source>
        <translation>네트워크와 VM이 실행 중인지 확인하세요</translation>
    </message>
    <message>
        <source>Check the network</source>
        <translation>네트워크를 확인하세요</translation>
    </message>
    <message>
        <source>Install the qemu-utils (or qemu-img) package</source>
        <translation>qemu-utils(또는 qemu-img) 패키지를 설치하세요</translation>
    </message>
    <message>
        <source>Write it as qemu:///embed?root=/a/dir</source>
        <translation>qemu:///embed?root=/a/dir 형식으로 쓰세요</translation>
    </message>
</context>
<context>
    <name>HostKeys</name>
    <message>
        <source>Right Ctrl</source>
        <translation>오른쪽 Ctrl</translation>
    </message>
    <message>
        <source>Right Alt</source>
        <translation>오른쪽 Alt</translation>
    </message>
    <message>
        <source>Right Super</source>
        <translation>오른쪽 Super</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>메뉴 키</translation>
    </message>
    <message>
        <source>Scroll Lock</source>
        <translation>Scroll Lock</translation>
    </message>
</context>
<context>
    <name>KeyCombo</name>
    <message>
        <source>Print Screen</source>
        <translation>Print Screen (화면 인쇄)</translation>
    </message>
    <message>
        <source>Alt+Print Screen</source>
        <translation>Alt+Print Screen</translation>
    </message>
    <message>
        <source>Super (Windows key)</source>
        <translation>Super (Windows 키)</translation>
    </message>
    <message>
        <source>Escape</source>
        <translation>Esc</translation>
    </message>
</context>
<context>
    <name>Launchers</name>
    <message>
        <source>Start the virtual machine “%1” with hvdesk</source>
        <translation>hvdesk로 가상 머신 “%1” 시작</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Start Headless</source>
        <translation>화면 없이 시작</translation>
    </message>
    <message>
        <source>Show Console</source>
        <translation>콘솔 보기</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Could not create a launcher for &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 실행기를 만들지 못했습니다</translation>
    </message>
    <message>
        <source>Check that %1 is writable</source>
        <translation>%1에 쓸 수 있는지 확인하세요</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Create &amp;Launcher…</source>
        <translation>실행기 만들기(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>환경 설정(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss message</source>
        <translation>메시지 닫기</translation>
    </message>
</context>
<context>
    <name>NewVmWizard</name>
    <message>
        <source>Source</source>
        <translation>원본</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>운영 체제</translation>
    </message>
    <message>
        <source>Name and resources</source>
        <translation>이름과 자원</translation>
    </message>
    <message>
        <source>New virtual machine</source>
        <translation>새 가상 머신</translation>
    </message>
    <message>
        <source>Every setting on one page.</source>
        <translation>모든 설정을 한 페이지에서.</translation>
    </message>
    <message>
        <source>The operating system sets the recommended memory, CPUs and disk size, and which devices the VM gets.</source>
        <translation>운영 체제에 따라 권장 메모리, CPU, 디스크 크기와 VM이 받을 장치가 정해집니다.</translation>
    </message>
    <message>
        <source>Memory and CPUs are taken from the host while the VM runs; the disk image is thin: it uses only what the guest writes.</source>
        <translation>메모리와 CPU는 VM이 실행되는 동안에만 호스트에서 가져옵니다. 디스크 이미지는 씬 방식이라 게스트가 쓴 만큼만 차지합니다.</translation>
    </message>
    <message>
        <source>Install an operating system from an ISO image, start from a disk image you already have, or boot a Linux kernel.</source>
        <translation>ISO 이미지에서 운영 체제를 설치하거나, 이미 있는 디스크 이미지로 시작하거나, 리눅스 커널을 부팅합니다.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Check the settings, then press Create.</source>
        <translation>설정을 확인한 다음 만들기를 누르세요.</translation>
    </message>
    <message>
        <source>New Virtual Machine — %1</source>
        <translation>새 가상 머신 — %1</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>만들기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Expert Mode</source>
        <translation>전문가 모드(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Guided Mode</source>
        <translation>안내 모드(&amp;G)</translation>
    </message>
    <message>
        <source>Choose an installation ISO image.</source>
        <translation>설치 ISO 이미지를 선택하세요.</translation>
    </message>
    <message>
        <source>The list of operating systems is unavailable: %1</source>
        <translation>운영 체제 목록을 쓸 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Choose the operating system the ISO holds.</source>
        <translation>ISO에 담긴 운영 체제를 선택하세요.</translation>
    </message>
    <message>
        <source>Looking at %1…</source>
        <translation>%1 살펴보는 중…</translation>
    </message>
    <message>
        <source>%1 is not in the catalogue: choose the operating system below.</source>
        <translation>%1은(는) 목록에 없습니다. 아래에서 운영 체제를 선택하세요.</translation>
    </message>
    <message>
        <source> live</source>
        <translation> 라이브</translation>
    </message>
    <message>
        <source>Detected from %1: %2 (%3).</source>
        <translation>%1에서 감지함: %2 (%3).</translation>
    </message>
    <message>
        <source>Reading the image…</source>
        <translation>이미지를 읽는 중…</translation>
    </message>
    <message>
        <source>%1 is not a disk image QEMU can read (%2).</source>
        <translation>%1은(는) QEMU가 읽을 수 있는 디스크 이미지가 아닙니다 (%2).</translation>
    </message>
    <message>
        <source>Still reading what the host offers.</source>
        <translation>호스트가 제공하는 것을 아직 읽는 중입니다.</translation>
    </message>
    <message>
        <source>Creating the VM was interrupted.</source>
        <translation>VM 만들기가 중단되었습니다.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>OsGroup</name>
    <message>
        <source>Reading the list of operating systems…</source>
        <translation>운영 체제 목록을 읽는 중…</translation>
    </message>
    <message>
        <source>Search operating systems</source>
        <translation>운영 체제 검색</translation>
    </message>
    <message>
        <source>Search, e.g. debian 11, windows 11, fedora</source>
        <translation>검색, 예: debian 11, windows 11, fedora</translation>
    </message>
    <message>
        <source>Operating systems</source>
        <translation>운영 체제</translation>
    </message>
    <message>
        <source>&amp;Paravirtual devices (virtio): fastest, needs drivers</source>
        <translation>반가상화 장치(&amp;P) (virtio): 가장 빠름, 드라이버 필요</translation>
    </message>
    <message>
        <source>E&amp;mulated devices (SATA disk, Intel network card)</source>
        <translation>에뮬레이션 장치(&amp;M) (SATA 디스크, Intel 네트워크 카드)</translation>
    </message>
    <message>
        <source>Choose the operating system you will install.</source>
        <translation>설치할 운영 체제를 선택하세요.</translation>
    </message>
    <message>
        <source>(support ended %1)</source>
        <translation>(%1년 지원 종료)</translation>
    </message>
</context>
<context>
    <name>OsProfile</name>
    <message>
        <source>%1 has drivers for paravirtual (virtio) devices: the VM gets the fastest disk and network, made for virtual machines.</source>
        <translation>%1에는 반가상화(virtio) 장치용 드라이버가 있습니다. VM은 가상 머신용으로 만든 가장 빠른 디스크와 네트워크를 받습니다.</translation>
    </message>
    <message>
        <source>%1 gets emulated devices that any operating system drives: a SATA disk and an Intel network card. They work everywhere but are slower than paravirtual (virtio) devices.</source>
        <translation>%1에는 어느 운영 체제나 다룰 수 있는 에뮬레이션 장치(SATA 디스크와 Intel 네트워크 카드)를 줍니다. 어디서나 동작하지만 반가상화(virtio) 장치보다 느립니다.</translation>
    </message>
    <message>
        <source>This OS</source>
        <translation>이 운영 체제</translation>
    </message>
    <message>
        <source>Other or unknown OS</source>
        <translation>기타 또는 알 수 없는 운영 체제</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Browse for %1</source>
        <translation>%1 찾아보기</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>환경 설정</translation>
    </message>
    <message>
        <source>Connections opened at start</source>
        <translation>시작할 때 여는 연결</translation>
    </message>
    <message>
        <source>e.g. qemu+ssh://user@host/system</source>
        <translation>예: qemu+ssh://user@host/system</translation>
    </message>
    <message>
        <source>Connection address to add</source>
        <translation>추가할 연결 주소</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>추가(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Resource chart interval in milliseconds</source>
        <translation>자원 차트 간격 (밀리초)</translation>
    </message>
    <message>
        <source>Console host key</source>
        <translation>콘솔 호스트 키</translation>
    </message>
    <message>
        <source>Console scaling</source>
        <translation>콘솔 배율</translation>
    </message>
    <message>
        <source>Scale to fit the window</source>
        <translation>창에 맞추기</translation>
    </message>
    <message>
        <source>Actual size (1:1)</source>
        <translation>실제 크기 (1:1)</translation>
    </message>
    <message>
        <source>Colour theme</source>
        <translation>색 테마</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <source>Resource charts &amp;update every:</source>
        <translation>자원 차트 갱신 간격(&amp;U):</translation>
    </message>
    <message>
        <source>Console &amp;host key:</source>
        <translation>콘솔 호스트 키(&amp;H):</translation>
    </message>
    <message>
        <source>Console &amp;scaling:</source>
        <translation>콘솔 배율(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>테마(&amp;T):</translation>
    </message>
    <message>
        <source>The host key, pressed alone, releases the keyboard and pointer from a console; it is never sent to the guest.</source>
        <translation>호스트 키를 단독으로 누르면 콘솔에서 키보드와 포인터를 해제합니다. 이 키는 게스트로 보내지 않습니다.</translation>
    </message>
</context>
<context>
    <name>ResourcesGroup</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Virtual CPUs</source>
        <translation>가상 CPU</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>펌웨어</translation>
    </message>
    <message>
        <source>Create a virtual hard disk</source>
        <translation>가상 하드 디스크 만들기</translation>
    </message>
    <message>
        <source>Disk size</source>
        <translation>디스크 크기</translation>
    </message>
    <message>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <source>grows as the guest writes</source>
        <translation>게스트가 쓰는 만큼 커집니다</translation>
    </message>
    <message>
        <source>Disk folder</source>
        <translation>디스크 폴더</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation>브리지</translation>
    </message>
    <message>
        <source>bridge name, e.g. br0</source>
        <translation>브리지 이름, 예: br0</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>메모리(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Virtual CPUs:</source>
        <translation>가상 CPU(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;Firmware:</source>
        <translation>펌웨어(&amp;F):</translation>
    </message>
    <message>
        <source>Disk &amp;size:</source>
        <translation>디스크 크기(&amp;S):</translation>
    </message>
    <message>
        <source>Disk &amp;folder:</source>
        <translation>디스크 폴더(&amp;F):</translation>
    </message>
    <message>
        <source>Ne&amp;twork:</source>
        <translation>네트워크(&amp;T):</translation>
    </message>
    <message>
        <source>of %1 MiB</source>
        <translation>/ %1 MiB</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>/ %1</translation>
    </message>
    <message>
        <source>This host&apos;s libvirt offers no such firmware</source>
        <translation>이 호스트의 libvirt에는 이 펌웨어가 없습니다</translation>
    </message>
</context>
<context>
    <name>ResourcesPage</name>
    <message>
        <source>Reading what the host offers…</source>
        <translation>호스트가 제공하는 것을 읽는 중…</translation>
    </message>
</context>
<context>
    <name>RunningVmsTray</name>
    <message>
        <source>No virtual machine is running</source>
        <translation>실행 중인 가상 머신이 없습니다</translation>
    </message>
    <message>
        <source>Show hvdesk</source>
        <translation>hvdesk 보기</translation>
    </message>
    <message>
        <source>hvdesk: %1 running</source>
        <translation>hvdesk: %1개 실행 중</translation>
    </message>
</context>
<context>
    <name>SourceGroup</name>
    <message>
        <source>Installation media (*.iso *.ISO *.img)</source>
        <translation>설치 미디어 (*.iso *.ISO *.img)</translation>
    </message>
    <message>
        <source>&amp;Install an operating system from an ISO image</source>
        <translation>ISO 이미지에서 운영 체제 설치(&amp;I)</translation>
    </message>
    <message>
        <source>Use an &amp;existing disk image (qcow2, raw, VMDK, VDI, VHD)</source>
        <translation>기존 디스크 이미지 사용(&amp;E) (qcow2, raw, VMDK, VDI, VHD)</translation>
    </message>
    <message>
        <source>Boot a Linux &amp;kernel directly (advanced)</source>
        <translation>리눅스 커널 직접 부팅(&amp;K) (고급)</translation>
    </message>
    <message>
        <source>Installation ISO</source>
        <translation>설치 ISO</translation>
    </message>
    <message>
        <source>&amp;Copy it into a new qcow2 image (the original stays untouched)</source>
        <translation>새 qcow2 이미지로 복사(&amp;C) (원본은 그대로 둡니다)</translation>
    </message>
    <message>
        <source>Use the image &amp;where it is</source>
        <translation>이미지를 있는 자리에서 사용(&amp;W)</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>Initrd</source>
        <translation>Initrd</translation>
    </message>
    <message>
        <source>Kernel command line</source>
        <translation>커널 명령줄</translation>
    </message>
    <message>
        <source>e.g. console=ttyS0 root=/dev/vda1</source>
        <translation>예: console=ttyS0 root=/dev/vda1</translation>
    </message>
    <message>
        <source>Kernel:</source>
        <translation>커널:</translation>
    </message>
    <message>
        <source>Initrd (optional):</source>
        <translation>Initrd (선택):</translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation>명령줄:</translation>
    </message>
    <message>
        <source>%1 image: the guest sees %2, it uses %3 here.</source>
        <translation>%1 이미지: 게스트에게는 %2로 보이고, 여기서는 %3를 차지합니다.</translation>
    </message>
    <message>
        <source>It is based on %1.</source>
        <translation>%1을(를) 바탕으로 합니다.</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1바이트</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>운영 체제</translation>
    </message>
    <message>
        <source>Installation ISO</source>
        <translation>설치 ISO</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>Initrd</source>
        <translation>Initrd</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>명령줄</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>Virtual CPUs</source>
        <translation>가상 CPU</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>펌웨어</translation>
    </message>
    <message>
        <source>new %1 GiB qcow2 image %2</source>
        <translation>새 %1 GiB qcow2 이미지 %2</translation>
    </message>
    <message>
        <source>a qcow2 copy of %1 at %2</source>
        <translation>%1의 qcow2 사본, 위치 %2</translation>
    </message>
    <message>
        <source>%1, used where it is</source>
        <translation>%1, 있는 자리에서 사용</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>디스크</translation>
    </message>
    <message>
        <source>paravirtual (virtio)</source>
        <translation>반가상화 (virtio)</translation>
    </message>
    <message>
        <source>emulated (SATA, Intel NIC)</source>
        <translation>에뮬레이션 (SATA, Intel NIC)</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Acceleration</source>
        <translation>가속</translation>
    </message>
    <message>
        <source>&amp;Start the VM and open its console</source>
        <translation>VM을 시작하고 콘솔 열기(&amp;S)</translation>
    </message>
</context>
<context>
    <name>VmLookup</name>
    <message>
        <source>&apos;%1&apos; names a VM on each of %2; give its UUID instead.</source>
        <translation>&apos;%1&apos;은(는) %2 각각에 있는 VM의 이름입니다. 대신 UUID를 주세요.</translation>
    </message>
    <message>
        <source>There is no VM named &apos;%1&apos;: no connection is set up.</source>
        <translation>&apos;%1&apos;이라는 VM이 없습니다. 설정된 연결이 없습니다.</translation>
    </message>
    <message>
        <source>Could not look for &apos;%1&apos;. %2</source>
        <translation>&apos;%1&apos;을(를) 찾지 못했습니다. %2</translation>
    </message>
    <message>
        <source>There is no VM named &apos;%1&apos; (nor with that UUID) on %2.</source>
        <translation>%2에는 &apos;%1&apos;이라는 이름(또는 UUID)의 VM이 없습니다.</translation>
    </message>
</context>
</TS>
